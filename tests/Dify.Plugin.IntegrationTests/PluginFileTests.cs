using Xunit;

namespace Dify.Plugin.IntegrationTests;

/// <summary>Files listed as <c>DifyPluginFile</c> are beside the program at run time, at their relative path or Link.</summary>
public sealed class PluginFileTests
{
    [Fact]
    public void Support_files_are_copied_beside_the_program_at_their_relative_path()
    {
        var cities = Path.Combine(AppContext.BaseDirectory, "data", "cities.csv");

        Assert.True(File.Exists(cities), cities);
        Assert.Contains("Lyon,France", File.ReadAllText(cities), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_from_outside_the_project_lands_at_its_link()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "data", "shared", "every_type.yaml")));
    }
}
