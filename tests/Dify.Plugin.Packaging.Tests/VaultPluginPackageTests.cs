using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Dify.Plugin.Packaging.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Packaging.Tests;

/// <summary>
/// A plugin whose provider declares credentials, published signed with <c>-p:DifyPackageSigningKey</c> and, to keep
/// the run short, as a single-file binary for this machine's architecture only (<c>-p:DifyPackageNativeAot=false</c>;
/// samples/LlmTool covers Native AOT and two architectures).
/// </summary>
public sealed class VaultPluginPackage() : PublishedPlugin(
    workspace =>
    {
        var project = "tests/Dify.Plugin.Packaging.Tests/Plugins/VaultPlugin/";
        Workspace.ListOnlyThisArchitecture(workspace.File_(project + "manifest.yaml"));
        var keyFile = Path.Combine(workspace.Root, "signing key.private.pem");
        File.WriteAllText(keyFile, SigningKey.ExportRSAPrivateKeyPem());
        return (project + "VaultPlugin.csproj", $"{Workspace.SingleArchitectureProperty} -p:DifyPackageNativeAot=false \"-p:DifyPackageSigningKey={keyFile}\" -p:DifyPackageAuthorizedCategory=partner");
    })
{
    public static readonly RSA SigningKey = RSA.Create(4096);
}

[Collection(PublishedPackages.Name)]
public sealed class VaultPluginPackageTests(VaultPluginPackage published) : IClassFixture<VaultPluginPackage>
{
    [Fact]
    public void The_package_is_signed_in_the_daemons_format_with_the_key_given()
    {
        var package = published.Package();

        Assert.True(DaemonVerifier.Verify(package, VaultPluginPackage.SigningKey.ExportRSAPublicKeyPem()));
        var entries = PackageFacts.Entries(package);
        Assert.Equal("""{"authorized_category":"partner"}""", Encoding.UTF8.GetString(entries[".verification.dify.json"]));
        Assert.Equal("eu=Europe\nus=United States\n", Encoding.UTF8.GetString(entries["data/regions.txt"]));
        Assert.EndsWith("vault_plugin-0.2.0.difypkg", published.PackagePath, StringComparison.Ordinal);
        Assert.True(PackageFacts.IsSingleFileBundle(entries[$"VaultPlugin-linux-{Toolchain.HostArchitecture}"]));
        Assert.Equal([Toolchain.HostArchitecture], PackageFacts.ManifestArchitectures(Encoding.UTF8.GetString(entries["manifest.yaml"])));
    }

    [Fact]
    public async Task Installed_it_validates_credentials_and_its_tool_reads_them_and_a_packed_content_file()
    {
        await using var plugin = LauncherProcess.Start(published.Install());
        var connection = plugin.Connection;

        var good = await connection.RequestAsync(Validate("vk-123"));
        var bad = await connection.RequestAsync(Validate("sk-secret-value"));
        var region = await connection.RequestAsync(DaemonConnection.InvokeTool("vault", "region", new JsonObject(), new JsonObject { ["api_key"] = "vk-123", ["region"] = "us" }));

        Assert.True((bool)Assert.Single(good.Stream)["result"]!);
        Assert.Equal("The API key must start with vk-.", (string?)Assert.Single(bad.Errors)["message"]);
        Assert.Equal("United States", region.Text);
        Assert.Empty(connection.ProtocolViolations);
        Assert.True(connection.Heartbeats >= 1);
        Assert.DoesNotContain(connection.Logs, log => log.ToJsonString().Contains("sk-secret-value", StringComparison.Ordinal));
    }

    private static JsonObject Validate(string key) => new()
    {
        ["user_id"] = "u", ["type"] = "tool", ["action"] = "validate_tool_credentials", ["provider"] = "vault", ["credentials"] = new JsonObject { ["api_key"] = key },
    };
}
