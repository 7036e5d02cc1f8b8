using Xunit;

namespace Dify.Plugin.Schema.Tests.Lsp;

/// <summary>A test that drives yaml-language-server: reported as skipped, with the reason, where Node.js or npm is missing.</summary>
public sealed class EditorFactAttribute : FactAttribute
{
    public EditorFactAttribute()
    {
        if (NodeTooling.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
