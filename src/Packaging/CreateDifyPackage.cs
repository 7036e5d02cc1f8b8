using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Dify.Plugin.Packaging;

/// <summary>
/// Writes <c>&lt;name&gt;-&lt;version&gt;.difypkg</c> from a plugin's manifests, assets, content files and the binaries
/// published for each architecture, after checking what the daemon checks at upload; signs it when a key is given.
/// </summary>
public sealed class CreateDifyPackage : Microsoft.Build.Utilities.Task
{
    /// <summary>The plugin's project folder: a file without <c>PackagePath</c> goes to its path relative to it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary>Files of the package; metadata <c>PackagePath</c>, when set, is the path inside it.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>One published binary per architecture; metadata <c>Architecture</c> is <c>amd64</c> or <c>arm64</c>.</summary>
    [Required]
    public ITaskItem[] Binaries { get; set; } = [];

    /// <summary>The base of the binaries' names in the package (the assembly name).</summary>
    [Required]
    public string BinaryName { get; set; } = "";

    /// <summary>The folder the package is written to (the publish folder).</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>A PEM RSA private key (PKCS#1, as <c>dify signature generate</c> writes it, or PKCS#8); empty: unsigned.</summary>
    public string? SigningKey { get; set; }

    /// <summary><c>authorized_category</c> of a signed package's verification file.</summary>
    public string AuthorizedCategory { get; set; } = "community";

    /// <summary>The limit, compressed and uncompressed; the daemon's 52,428,800 bytes by default.</summary>
    public long MaxSize { get; set; } = DifyPackageWriter.MaxSize;

    /// <summary>The package written.</summary>
    [Output]
    public string? PackageFile { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Files)
        {
            var fullPath = item.GetMetadata("FullPath");
            var packagePath = (item.GetMetadata("PackagePath") is { Length: > 0 } given ? given : Path.GetRelativePath(ProjectDirectory, fullPath)).Replace('\\', '/');
            if (packagePath.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(packagePath))
            {
                Error(PackagingErrors.ReferencedFileMissing, fullPath, $"'{item.ItemSpec}' is outside the plugin's folder, so it has no place in the package. Give it a Link: <DifyPluginFile Include=\"{item.ItemSpec}\" Link=\"data/{Path.GetFileName(fullPath)}\" />.");
                continue;
            }

            if (packagePath is "main.py" or "requirements.txt" or "pyproject.toml")
            {
                Error(PackagingErrors.RunnerMismatch, fullPath, $"The plugin's folder has {packagePath}, which the package writes itself (the launcher and its empty dependency list). Remove or rename it.");
                continue;
            }

            files[packagePath] = fullPath;
        }

        if (Log.HasLoggedErrors)
        {
            return false;
        }

        if (!files.TryGetValue("manifest.yaml", out var manifestPath))
        {
            Error(PackagingErrors.ManifestUnreadable, null, "The plugin has no manifest.yaml beside its project file; Dify's daemon reads it first (decoder/helper.go:28). Create it (dotnet new dify-plugin writes one).");
            return false;
        }

        PluginManifestFacts manifest;
        try
        {
            manifest = PluginManifestFacts.Read(files);
        }
        catch (ManifestUnreadableException exception)
        {
            Error(PackagingErrors.ManifestUnreadable, exception.PathOnDisk, exception.Message);
            return false;
        }

        var binaries = Binaries.ToDictionary(item => item.GetMetadata("Architecture"), item => item.GetMetadata("FullPath"), StringComparer.Ordinal);
        Check(manifest, manifestPath, files, binaries.Keys);
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        var entries = files.OrderBy(file => file.Key, StringComparer.Ordinal)
            .Select(file => new PackageEntry(file.Key, File.ReadAllBytes(file.Value)))
            .ToList();
        var binaryNames = binaries.Keys.Order(StringComparer.Ordinal).ToDictionary(arch => arch, arch => $"{BinaryName}-linux-{arch}");
        entries.Add(new PackageEntry("main.py", Launcher(binaryNames)));
        entries.Add(new PackageEntry("requirements.txt", Encoding.UTF8.GetBytes("# The launcher (main.py) uses Python's standard library only; the plugin is the native binary beside it.\n")));
        entries.AddRange(binaryNames.Select(pair => new PackageEntry(pair.Value, File.ReadAllBytes(binaries[pair.Key]), Executable: true)));

        if (!CheckSize(entries, "uncompressed", entries.Sum(entry => (long)entry.Content.Length)))
        {
            return false;
        }

        PackageSigning? signing = null;
        using var key = RSA.Create();
        if (!string.IsNullOrWhiteSpace(SigningKey))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(SigningKey!.Trim()));
                signing = new PackageSigning(key, AuthorizedCategory, DateTimeOffset.UtcNow);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                Error(PackagingErrors.SigningKeyUnusable, SigningKey, $"DifyPackageSigningKey '{SigningKey}' cannot be used: {exception.Message} It must be a PEM file with an RSA private key, such as `dify signature generate -f mykey` writes (mykey.private.pem); give its public half to the Dify administrator.");
                return false;
            }
        }

        var package = DifyPackageWriter.Write(entries, signing);
        if (!CheckSize(entries, "compressed", package.LongLength))
        {
            return false;
        }

        Directory.CreateDirectory(OutputDirectory);
        PackageFile = Path.Combine(OutputDirectory, $"{manifest.Name}-{manifest.Version}.difypkg");
        File.WriteAllBytes(PackageFile, package);
        Log.LogMessage(MessageImportance.High, $"  {manifest.Name} -> {PackageFile} ({package.LongLength / 1_048_576.0:0.0} MB, {string.Join(", ", binaryNames.Keys.Select(arch => "linux/" + arch))}{(signing is null ? ", unsigned" : ", signed")})");
        return true;
    }

    private void Check(PluginManifestFacts manifest, string manifestPath, Dictionary<string, string> files, IEnumerable<string> shipped)
    {
        // internal/core/local_runtime/subprocess.go:23-33 runs only python, as `python -m <entrypoint>`.
        if (manifest.RunnerLanguage != "python" || manifest.RunnerEntrypoint != "main")
        {
            Error(PackagingErrors.RunnerMismatch, manifestPath, $"meta.runner is language '{manifest.RunnerLanguage}', entrypoint '{manifest.RunnerEntrypoint}'; the package's launcher needs language 'python' and entrypoint 'main': Dify's daemon starts a plugin only as `python -m <entrypoint>` (internal/core/local_runtime/subprocess.go:23-33), and main.py starts the C# binary.");
        }

        var declared = manifest.Architectures.Order(StringComparer.Ordinal).ToList();
        var built = shipped.Order(StringComparer.Ordinal).ToList();
        if (!declared.SequenceEqual(built))
        {
            Error(PackagingErrors.ArchitectureMismatch, manifestPath, $"meta.arch lists [{string.Join(", ", declared)}] but the package ships binaries for [{string.Join(", ", built)}]. List exactly the architectures built under meta.arch, or set DifyPackageArchitectures to '{string.Join(';', declared)}'.");
        }

        foreach (var icon in manifest.Icons.Where(icon => !files.ContainsKey("_assets/" + icon.Name)))
        {
            Error(PackagingErrors.IconMissing, files.GetValueOrDefault(icon.File, manifestPath), $"{icon.File} names the icon '{icon.Name}' at {icon.Key}, but _assets/{icon.Name} is not in the package; Dify's daemon refuses the upload (decoder/helper.go:393-495). Put the file in _assets/ beside the project file.");
        }

        foreach (var reference in manifest.ReferencedFiles.Where(reference => !files.ContainsKey(reference.Path)))
        {
            Error(PackagingErrors.ReferencedFileMissing, files.GetValueOrDefault(reference.From, manifestPath), $"{reference.From} lists '{reference.Path}', which is not in the package; Dify's daemon refuses the upload (decoder/helper.go:40-63). Manifests are packed from provider/*.yaml and tools/**/*.yaml beside the project file.");
        }
    }

    private bool CheckSize(List<PackageEntry> entries, string what, long size)
    {
        if (size <= MaxSize)
        {
            return true;
        }

        var largest = entries.OrderByDescending(entry => entry.Content.Length).Take(5).Select(entry => $"{entry.Path} ({entry.Content.Length:N0} bytes)");
        Error(PackagingErrors.TooLarge, null, $"The package is {size:N0} bytes {what}, over Dify's limit of {MaxSize:N0} bytes (decoder/zip.go:81-101). Largest files: {string.Join(", ", largest)}.");
        return false;
    }

    private static byte[] Launcher(Dictionary<string, string> binaries)
    {
        using var stream = typeof(CreateDifyPackage).Assembly.GetManifestResourceStream("Dify.Plugin.Packaging.main.py")!;
        using var reader = new StreamReader(stream);

        // A JSON object of ASCII strings is a Python dict literal.
        var literal = JsonSerializer.Serialize(binaries);
        return Encoding.UTF8.GetBytes(reader.ReadToEnd().Replace("__BINARIES__", literal, StringComparison.Ordinal));
    }

    private void Error(string id, string? file, string message) =>
        Log.LogError("Dify.Plugin", id, null, PackagingErrors.HelpLink(id), file, 0, 0, 0, 0, message);
}
