using System.Diagnostics;
using Dify.Plugin.Hosting.Tests.Fixture;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>
/// An installed package started as the daemon starts it (internal/core/local_runtime/subprocess.go:20-47):
/// <c>python -m main</c> in the plugin's folder with <c>INSTALL_METHOD=local</c>, the protocol on stdin and stdout.
/// </summary>
internal static class LauncherProcess
{
    public static LocalPluginProcess Start(string folder) =>
        LocalPluginProcess.Start(new ProcessStartInfo("python3", "-m main") { WorkingDirectory = folder });
}
