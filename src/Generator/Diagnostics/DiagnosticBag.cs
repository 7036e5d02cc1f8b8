using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Dify.Plugin.Generator.Helpers;

namespace Dify.Plugin.Generator.Diagnostics;

/// <summary>
/// The diagnostics of one manifest, at most <see cref="ManifestLimits.MaxDiagnosticsPerRule"/> of each rule: a file
/// with thousands of the same mistake gets the first ones and one DIFY1032 that counts the rest, not a flood.
/// </summary>
internal sealed class DiagnosticBag : IEnumerable<DiagnosticInfo>
{
    private readonly List<DiagnosticInfo> _reported = new();
    private readonly Dictionary<string, int> _countsById = new();
    private readonly Dictionary<string, LocationInfo?> _firstSuppressed = new();

    public void Add(DiagnosticInfo diagnostic)
    {
        _countsById.TryGetValue(diagnostic.Id, out var count);
        _countsById[diagnostic.Id] = count + 1;
        if (count < ManifestLimits.MaxDiagnosticsPerRule)
        {
            _reported.Add(diagnostic);
        }
        else if (count == ManifestLimits.MaxDiagnosticsPerRule)
        {
            _firstSuppressed[diagnostic.Id] = diagnostic.Location;
        }
    }

    public EquatableArray<DiagnosticInfo> ToEquatableArray(string manifestPath)
    {
        if (_firstSuppressed.Count == 0)
        {
            return _reported.ToEquatableArray();
        }

        var all = new List<DiagnosticInfo>(_reported);
        foreach (var pair in _firstSuppressed)
        {
            var more = _countsById[pair.Key] - ManifestLimits.MaxDiagnosticsPerRule;
            all.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyDiagnostics, pair.Value,
                more.ToString("N0", CultureInfo.InvariantCulture), pair.Key, manifestPath, ManifestLimits.MaxDiagnosticsPerRule.ToString(CultureInfo.InvariantCulture)));
        }

        return all.ToEquatableArray();
    }

    public IEnumerator<DiagnosticInfo> GetEnumerator() => _reported.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
