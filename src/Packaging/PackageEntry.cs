namespace Dify.Plugin.Packaging;

/// <summary>A file of the package: its path in the zip ('/'-separated, no directory entries) and its bytes.</summary>
internal sealed record PackageEntry(string Path, byte[] Content, bool Executable = false);
