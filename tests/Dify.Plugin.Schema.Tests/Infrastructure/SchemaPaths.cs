using Dify.Plugin.Generator.Tests.Infrastructure;

namespace Dify.Plugin.Schema.Tests.Infrastructure;

/// <summary>The places of the repository (found by the generator tests' RepositoryPaths) these tests read.</summary>
internal static class SchemaPaths
{
    public static string Root => RepositoryPaths.Root;

    public static string Schemas => RepositoryPaths.File("schemas");

    public static string TestProject => RepositoryPaths.File(Path.Combine("tests", "Dify.Plugin.Schema.Tests"));

    /// <summary>The official plugins' manifests, <c>../shared/corpus</c> beside the repository.</summary>
    public static string Corpus => RepositoryPaths.File(Path.Combine("..", "shared", "corpus"));
}
