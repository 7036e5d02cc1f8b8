namespace Dify.Plugin.Schema.Tests.Infrastructure;

/// <summary>The repository (the folder holding Generator.sln above the test binary) and the corpus beside it.</summary>
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

    public static string Schemas => Path.Combine(Root, "schemas");

    public static string TestProject => Path.Combine(Root, "tests", "Dify.Plugin.Schema.Tests");

    /// <summary>The official plugins' manifests, <c>../shared/corpus</c> beside the repository.</summary>
    public static string Corpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
}
