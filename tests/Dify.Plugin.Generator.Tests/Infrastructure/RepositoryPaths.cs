namespace Dify.Plugin.Generator.Tests.Infrastructure;

/// <summary>
/// Finds files of the repository from the test binary's folder. CallerFilePath is not used: CI builds with
/// ContinuousIntegrationBuild, which maps source paths to <c>/_/</c>.
/// </summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Generator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Generator.sln was not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string File(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public static string TestProject(string relativePath) => File(Path.Combine("tests", "Dify.Plugin.Generator.Tests", relativePath));
}
