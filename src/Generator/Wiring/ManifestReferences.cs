using System;
using System.Collections.Generic;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Wiring;

/// <summary>The diagnostics of the provider and plugin manifests: their own, and DIFY1052 for each file they list that the project lacks.</summary>
internal static class ManifestReferences
{
    public static List<DiagnosticInfo> Check(IEnumerable<SupportingManifestSpec> manifests, IEnumerable<string> manifestPaths)
    {
        // Every path and every tail of it after a '/', so that a reference resolves in one lookup.
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in manifestPaths)
        {
            known.Add(path);
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                known.Add(path.Substring(slash + 1));
            }
        }

        var diagnostics = new List<DiagnosticInfo>();
        foreach (var manifest in manifests)
        {
            diagnostics.AddRange(manifest.Diagnostics);
            foreach (var reference in manifest.References)
            {
                var target = ManifestFile.Normalize(reference.Target).TrimStart('.', '/');
                if (!known.Contains(target))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingReferencedFile, reference.Location, reference.Key, reference.Target));
                }
            }
        }

        return diagnostics;
    }
}
