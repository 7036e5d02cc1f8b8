namespace Dify.Plugin.Generator;

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string ParseManifest = nameof(ParseManifest);
    public const string PluginIndex = nameof(PluginIndex);
    public const string ToolKeys = nameof(ToolKeys);
    public const string ToolClasses = nameof(ToolClasses);
    public const string Declarations = nameof(Declarations);
    public const string RecordConflicts = nameof(RecordConflicts);
    public const string Wiring = nameof(Wiring);
}
