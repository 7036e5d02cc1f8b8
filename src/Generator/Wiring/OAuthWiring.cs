using System.Collections.Immutable;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Wiring;

/// <summary>
/// DIFY2109: a provider whose YAML declares <c>oauth_schema</c> gets Dify's "Authorize" button, so its
/// <c>[DifyToolProvider]</c> class must answer the three OAuth actions.
/// </summary>
internal static class OAuthWiring
{
    public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<OAuthProviderSpec?> oauthProviders, ImmutableArray<ProviderClassSpec> providerClasses)
    {
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        foreach (var oauth in oauthProviders)
        {
            if (oauth is null)
            {
                continue;
            }

            var providerClass = providerClasses.FirstOrDefault(candidate => candidate.ProviderName == oauth.ProviderName);
            if (providerClass is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OAuthWithoutMembers, oauth.Location, oauth.ProviderName, oauth.ManifestPath,
                    $"the project has no [DifyToolProvider(\"{oauth.ProviderName}\")] class deriving from ToolProvider"));
            }
            else if (providerClass.ShapeProblem is null && providerClass.MissingOAuthMembers.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OAuthWithoutMembers, providerClass.Location, oauth.ProviderName, oauth.ManifestPath,
                    $"'{providerClass.FullTypeName.Replace("global::", "")}' does not override {string.Join(", ", providerClass.MissingOAuthMembers)}"));
            }
        }

        return diagnostics.ToEquatableArray();
    }
}
