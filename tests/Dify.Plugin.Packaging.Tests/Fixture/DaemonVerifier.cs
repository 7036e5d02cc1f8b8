using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>
/// The daemon's signature check, written from its source and not from the packaging code:
/// pkg/plugin_packager/decoder/verifier.go:64-114 hashes every zip entry in order with SHA-256 (the walk of
/// decoder/zip.go:121-135 includes .verification.dify.json), appends the comment's time in decimal
/// (zip.go:187-190 reads {"signature","time"} from the zip comment) and checks RSA PKCS#1 v1.5 over SHA-256
/// (pkg/utils/encryption/rsa.go:21-24) with a public key loaded from a PEM "RSA PUBLIC KEY" block (rsa.go:89-105).
/// </summary>
internal static class DaemonVerifier
{
    public static bool Verify(byte[] package, string publicKeyPem)
    {
        if (!publicKeyPem.StartsWith("-----BEGIN RSA PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException("The daemon loads only PKCS#1 'RSA PUBLIC KEY' PEM blocks.");
        }

        using var key = RSA.Create();
        key.ImportFromPem(publicKeyPem);
        using var zip = new ZipArchive(new MemoryStream(package));
        var data = new MemoryStream();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            data.Write(SHA256.HashData(stream));
        }

        using var comment = JsonDocument.Parse(zip.Comment);
        var signature = Convert.FromBase64String(comment.RootElement.GetProperty("signature").GetString()!);
        data.Write(Encoding.ASCII.GetBytes(comment.RootElement.GetProperty("time").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return key.VerifyData(data.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
