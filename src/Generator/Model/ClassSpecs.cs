using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;

namespace Dify.Plugin.Generator.Model;

/// <summary>A <c>[DifyTool]</c> class, as plain data: names already escaped for C# source.</summary>
/// <param name="ToolName">The tool the attribute names.</param>
/// <param name="ClassName">The class name as source, with its type parameters.</param>
/// <param name="Namespace">The namespace as source; null for the global namespace.</param>
/// <param name="ContainingTypes">The declarations of the types it is nested in, outermost first.</param>
/// <param name="FullTypeName">The <c>global::</c>-qualified name.</param>
/// <param name="IsPartial">Whether every declaration of it is partial.</param>
/// <param name="ShapeProblem">Why the plugin could not create it, with what to do (DIFY2106); null when it can.</param>
/// <param name="Constructor">The parameters of the constructor the plugin calls; empty for a parameterless one.</param>
/// <param name="ForeignBaseType">A base class other than <c>Tool</c> (DIFY2104).</param>
/// <param name="InvokeRecordNames">The record names its well-formed <c>InvokeAsync</c> methods take.</param>
/// <param name="ConflictingMembers">Members it declares that the generator writes (DIFY2107).</param>
/// <param name="Location">The attribute.</param>
internal sealed record ToolClassSpec(
    string ToolName,
    string ClassName,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string FullTypeName,
    bool IsPartial,
    string? ShapeProblem,
    EquatableArray<ConstructorParameterSpec> Constructor,
    string? ForeignBaseType,
    EquatableArray<string> InvokeRecordNames,
    EquatableArray<string> ConflictingMembers,
    LocationInfo? Location);

/// <summary>A <c>[DifyToolProvider]</c> class.</summary>
/// <param name="ProviderName">The provider the attribute names.</param>
/// <param name="FullTypeName">The <c>global::</c>-qualified name.</param>
/// <param name="ShapeProblem">Why the plugin could not create it (DIFY2106); null when it can.</param>
/// <param name="Constructor">The parameters of the constructor the plugin calls; empty for a parameterless one.</param>
/// <param name="MissingOAuthMembers">The OAuth members of <c>ToolProvider</c> it does not override (DIFY2109 when its YAML declares <c>oauth_schema</c>).</param>
/// <param name="Location">The attribute.</param>
internal sealed record ProviderClassSpec(string ProviderName, string FullTypeName, string? ShapeProblem, EquatableArray<ConstructorParameterSpec> Constructor, EquatableArray<string> MissingOAuthMembers, LocationInfo? Location);

/// <summary>A constructor parameter the service container fills.</summary>
/// <param name="TypeName">Its type, <c>global::</c>-qualified, without a nullable annotation on a reference type.</param>
/// <param name="DisplayTypeName">Its type as messages name it (<c>System.Net.Http.HttpClient</c>).</param>
/// <param name="Name">Its name, as declared.</param>
/// <param name="Fallback">The C# expression used when the container lacks the service (its default value, or <c>null</c> for a nullable reference); null when the service is required.</param>
internal sealed record ConstructorParameterSpec(string TypeName, string DisplayTypeName, string Name, string? Fallback);

/// <summary>A provider manifest that declares <c>oauth_schema</c>.</summary>
/// <param name="ProviderName">Its <c>identity.name</c>.</param>
/// <param name="ManifestPath">The manifest, relative to the project.</param>
/// <param name="Location">The <c>oauth_schema</c> key.</param>
/// <param name="ClientFields">The settings of <c>client_schema</c>, in order.</param>
/// <param name="CredentialFields">The credentials of <c>credentials_schema</c>, in order.</param>
internal sealed record OAuthProviderSpec(string ProviderName, string ManifestPath, LocationInfo? Location, EquatableArray<OAuthFieldSpec> ClientFields, EquatableArray<OAuthFieldSpec> CredentialFields);

/// <summary>One entry of an <c>oauth_schema</c> list: its <c>name</c> and whether it is <c>required</c>.</summary>
internal sealed record OAuthFieldSpec(string Name, bool Required);

/// <summary>A namespace-level user type named like a parameter record, and whether it is a part of the generated record.</summary>
internal sealed record UserTypeSpec(string FullName, bool ExtendsGeneratedRecord, LocationInfo? Location);

/// <summary>A user type that takes the name of a generated parameter record (DIFY2108).</summary>
internal sealed record RecordConflict(string ToolName, string RecordName, string ManifestPath, LocationInfo? Location);

/// <summary>A tool class the generator connects to its manifest.</summary>
internal sealed record WiredToolClass(ToolClassSpec Class, string RecordType, string ManifestPath);

/// <summary>The tool and provider classes the generator connects, and the diagnostics of those it cannot.</summary>
/// <param name="Tools">The tool classes to connect.</param>
/// <param name="Providers">The provider classes the registry can create.</param>
/// <param name="BlockedTools">Tools whose record name a user type took (DIFY2108).</param>
/// <param name="ImplementedTools">Tools that have a class, accepted or not (no DIFY1041 for them).</param>
/// <param name="Diagnostics">One per class that cannot be connected.</param>
internal sealed record WiringPlan(
    EquatableArray<WiredToolClass> Tools,
    EquatableArray<ProviderClassSpec> Providers,
    EquatableArray<string> BlockedTools,
    EquatableArray<string> ImplementedTools,
    EquatableArray<DiagnosticInfo> Diagnostics);
