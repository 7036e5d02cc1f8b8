using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dify.Plugin.Packaging.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Packaging.Tests;

/// <summary>The packaging task on a plugin folder: what it writes, what it refuses (DIFY3xxx) and how it signs.</summary>
public sealed class CreateDifyPackageTests : IDisposable
{
    private static readonly Lazy<RSA> Key = new(() => RSA.Create(4096));
    private readonly TaskRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void A_plugin_folder_becomes_files_only_with_the_launcher_the_binaries_and_an_empty_dependency_list()
    {
        var package = File.ReadAllBytes(_run.Run()!);

        Assert.Empty(_run.Errors);
        var entries = PackageFacts.Entries(package);
        Assert.Equal(
            ["VaultPlugin-linux-amd64", "VaultPlugin-linux-arm64", "_assets/icon.svg", "_assets/provider.svg", "main.py", "manifest.yaml", "provider/vault.yaml", "requirements.txt", "tools/region.yaml"],
            entries.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("BINARIES = {\"amd64\":\"VaultPlugin-linux-amd64\",\"arm64\":\"VaultPlugin-linux-arm64\"}", Encoding.UTF8.GetString(entries["main.py"]), StringComparison.Ordinal);
        Assert.Equal("\u007fELF arm64 binary", Encoding.UTF8.GetString(entries["VaultPlugin-linux-arm64"]));
        using var zip = new ZipArchive(new MemoryStream(package));
        Assert.Equal("", zip.Comment);
        Assert.Equal(Convert.ToInt32("100755", 8), zip.GetEntry("VaultPlugin-linux-amd64")!.ExternalAttributes >>> 16);
    }

    [Fact]
    public void The_same_files_give_the_same_bytes()
    {
        var first = File.ReadAllBytes(_run.Run()!);
        var second = File.ReadAllBytes(_run.Run()!);

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_signed_package_verifies_as_the_daemon_verifies_it_and_a_changed_byte_does_not()
    {
        var keyFile = Path.Combine(_run.Folder, "bin", "key.private.pem");
        File.WriteAllText(keyFile, Key.Value.ExportRSAPrivateKeyPem());

        var package = File.ReadAllBytes(_run.Run(task => task.SigningKey = keyFile)!);

        Assert.Empty(_run.Errors);
        var publicKey = Key.Value.ExportRSAPublicKeyPem();
        Assert.True(DaemonVerifier.Verify(package, publicKey));
        Assert.Equal("""{"authorized_category":"community"}""", Encoding.UTF8.GetString(PackageFacts.Entries(package)[".verification.dify.json"]));
        Assert.Equal(".verification.dify.json", PackageFacts.EntryNames(package)[^1]);

        using var other = RSA.Create(2048);
        Assert.False(DaemonVerifier.Verify(package, other.ExportRSAPublicKeyPem()));
        Assert.False(DaemonVerifier.Verify(Tamper(package, "manifest.yaml"), publicKey));
    }

    [Fact]
    public void A_pkcs8_key_signs_too()
    {
        var keyFile = Path.Combine(_run.Folder, "bin", "key.pem");
        File.WriteAllText(keyFile, Key.Value.ExportPkcs8PrivateKeyPem());

        var package = File.ReadAllBytes(_run.Run(task => task.SigningKey = keyFile)!);

        Assert.True(DaemonVerifier.Verify(package, Key.Value.ExportRSAPublicKeyPem()));
    }

    [Fact]
    public void DIFY3001_no_manifest_or_one_that_is_not_yaml()
    {
        File.WriteAllText(Path.Combine(_run.Folder, "manifest.yaml"), "name: [unclosed");

        Assert.Null(_run.Run());
        Assert.Equal("DIFY3001", Assert.Single(_run.Errors).Code);
        Assert.Contains("manifest.yaml is not valid YAML", _run.Errors[0].Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(_run.Folder, "manifest.yaml"));
        _run.Errors.Clear();
        Assert.Null(_run.Run());
        Assert.Equal("DIFY3001", Assert.Single(_run.Errors).Code);
    }

    [Fact]
    public void DIFY3002_an_entrypoint_other_than_the_launcher()
    {
        Replace("manifest.yaml", "entrypoint: main", "entrypoint: plugin");

        Assert.Null(_run.Run());
        var error = Assert.Single(_run.Errors);
        Assert.Equal(("DIFY3002", Path.Combine(_run.Folder, "manifest.yaml")), (error.Code, error.File));
        Assert.Contains("entrypoint 'plugin'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("docs/diagnostics/DIFY3002.md", error.HelpLink, StringComparison.Ordinal);
    }

    [Fact]
    public void DIFY3002_a_main_py_of_the_plugins_own()
    {
        _run.Write("main.py", "print('hi')");

        Assert.Null(_run.Run());
        Assert.Equal("DIFY3002", Assert.Single(_run.Errors).Code);
    }

    [Fact]
    public void DIFY3003_meta_arch_that_differs_from_the_binaries()
    {
        Assert.Null(_run.Run(null, "amd64"));

        var error = Assert.Single(_run.Errors);
        Assert.Equal("DIFY3003", error.Code);
        Assert.Contains("meta.arch lists [amd64, arm64] but the package ships binaries for [amd64]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DIFY3004_an_icon_that_is_not_in_assets()
    {
        File.Delete(Path.Combine(_run.Folder, "_assets", "provider.svg"));

        Assert.Null(_run.Run());
        var error = Assert.Single(_run.Errors);
        Assert.Equal(("DIFY3004", Path.Combine(_run.Folder, "provider", "vault.yaml")), (error.Code, error.File));
        Assert.Contains("'provider.svg' at identity.icon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DIFY3005_a_tool_the_provider_lists_that_is_not_packed()
    {
        Replace("provider/vault.yaml", "- tools/region.yaml", "- tools/region.yaml\n  - tools/gone.yaml");

        Assert.Null(_run.Run());
        var error = Assert.Single(_run.Errors);
        Assert.Equal("DIFY3005", error.Code);
        Assert.Contains("provider/vault.yaml lists 'tools/gone.yaml'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DIFY3006_over_the_limit_names_the_largest_files()
    {
        _run.Write("bin/amd64", new string('x', 4000));

        Assert.Null(_run.Run(task => task.MaxSize = 3000));

        var error = Assert.Single(_run.Errors);
        Assert.Equal("DIFY3006", error.Code);
        Assert.Contains("uncompressed, over Dify's limit of 3,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Largest files: VaultPlugin-linux-amd64 (4,000 bytes)", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_run.Output));
    }

    [Fact]
    public void DIFY3006_compressed_size_is_checked_too()
    {
        // Random bytes do not compress: the zip is larger than its files.
        _run.Write("bin/amd64", Convert.ToBase64String(RandomNumberGenerator.GetBytes(30_000)));

        Assert.Null(_run.Run(task => task.MaxSize = 40_500));

        Assert.Equal("DIFY3006", Assert.Single(_run.Errors).Code);
        Assert.Contains("compressed", _run.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DIFY3007_a_signing_key_that_is_not_an_rsa_key()
    {
        var keyFile = Path.Combine(_run.Folder, "bin", "key.pem");
        File.WriteAllText(keyFile, "not a key");

        Assert.Null(_run.Run(task => task.SigningKey = keyFile));
        var error = Assert.Single(_run.Errors);
        Assert.Equal("DIFY3007", error.Code);
        Assert.DoesNotContain("not a key", error.Message!.Replace(keyFile, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private void Replace(string relative, string from, string to)
    {
        var path = Path.Combine(_run.Folder, relative);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static byte[] Tamper(byte[] package, string entryName)
    {
        var copy = new MemoryStream();
        copy.Write(package);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName)!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            using var writer = new StreamWriter(entry.Open());
            writer.Write(text + " ");
        }

        return copy.ToArray();
    }
}
