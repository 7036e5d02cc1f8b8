using System.Text;
using Xunit.Sdk;

namespace Dify.Plugin.Generator.Tests.Infrastructure;

/// <summary>
/// Compares text with a checked-in <c>Snapshots/&lt;name&gt;.verified.&lt;ext&gt;</c>. On a mismatch it writes
/// <c>&lt;name&gt;.received.&lt;ext&gt;</c> beside it and fails with a line diff. Set <c>DIFY_ACCEPT_SNAPSHOTS=1</c> to
/// re-approve: the received text then replaces the verified file (review the git diff before committing).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "DIFY_ACCEPT_SNAPSHOTS";

    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    public static void Match(string name, string actual, string extension = "cs") =>
        MatchFile(RepositoryPaths.TestProject(Path.Combine("Snapshots", $"{name}.verified.{extension}")), actual);

    public static void MatchFile(string verifiedPath, string actual)
    {
        var receivedPath = verifiedPath.Replace(".verified.", ".received.", StringComparison.Ordinal);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllText(verifiedPath, actual);
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        File.WriteAllText(receivedPath, actual);
        var message = new StringBuilder()
            .AppendLine(expected is null ? $"No snapshot yet: {verifiedPath}" : $"Snapshot differs: {verifiedPath}")
            .AppendLine($"Received: {receivedPath}")
            .AppendLine($"Review it, then re-run with {AcceptVariable}=1 to approve.")
            .AppendLine()
            .Append(LineDiff.Unified(expected ?? "", actual));
        throw new XunitException(message.ToString());
    }
}

/// <summary>A small unified line diff (longest common subsequence), enough to read a snapshot mismatch.</summary>
internal static class LineDiff
{
    public static string Unified(string expected, string actual, int context = 2, int maxLines = 200)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        if ((long)a.Length * b.Length > 25_000_000)
        {
            return $"(too large to diff: {a.Length} vs {b.Length} lines)";
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Kind, string Text, int Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x], x + 1));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(('+', b[y], y + 1));
                y++;
            }
            else
            {
                lines.Add(('-', a[x], x + 1));
                x++;
            }
        }

        var output = new StringBuilder();
        var shown = 0;
        for (var k = 0; k < lines.Count && shown < maxLines; k++)
        {
            var near = false;
            for (var d = Math.Max(0, k - context); d <= Math.Min(lines.Count - 1, k + context); d++)
            {
                near |= lines[d].Kind != ' ';
            }

            if (near)
            {
                output.Append(lines[k].Kind).Append(' ').Append(lines[k].Line.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).Append(": ").AppendLine(lines[k].Text);
                shown++;
            }
        }

        return output.ToString();
    }
}
