using System.Text;

namespace Dify.Plugin;

/// <summary>
/// The HTTP request with which the OAuth server sent the user back to Dify (Python SDK: the werkzeug <c>Request</c>
/// that <c>_oauth_get_credentials</c> receives). Dify forwards it hex-encoded as <c>raw_http_request</c>; the
/// authorization code is usually <c>Query["code"]</c>.
/// </summary>
public sealed class OAuthCallbackRequest
{
    private OAuthCallbackRequest(string method, string path, string queryString, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        Method = method;
        Path = path;
        QueryString = queryString;
        Query = query;
        Headers = headers;
        Body = body;
    }

    /// <summary>The HTTP method, such as <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>The path, percent-decoded, without the query.</summary>
    public string Path { get; }

    /// <summary>The query as it arrived, without the <c>?</c>.</summary>
    public string QueryString { get; }

    /// <summary>The query's parameters, decoded; the first value of a repeated name (werkzeug's <c>request.args.get</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The headers by name, case-insensitively; repeated headers joined with <c>", "</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body's bytes (form posts carry the code here).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Reads a raw HTTP/1.x request, as the SDK's <c>deserialize_request</c> (<c>core/utils/http_parser.py</c>) does.</summary>
    /// <exception cref="FormatException">The bytes are not an HTTP/1.0 or HTTP/1.1 request.</exception>
    public static OAuthCallbackRequest Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw new FormatException("The OAuth callback request is empty.");
        }

        var (head, body) = SplitHead(raw);
        var lines = Encoding.Latin1.GetString(head).Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var lastSpace = requestLine.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace)
        {
            throw new FormatException("The OAuth callback request has no valid request line.");
        }

        var protocol = requestLine[(lastSpace + 1)..];
        if (protocol is not ("HTTP/1.0" or "HTTP/1.1"))
        {
            throw new FormatException("The OAuth callback request is not HTTP/1.0 or HTTP/1.1.");
        }

        var target = requestLine[(firstSpace + 1)..lastSpace];
        var questionMark = target.IndexOf('?', StringComparison.Ordinal);
        var path = questionMark < 0 ? target : target[..questionMark];
        var queryString = questionMark < 0 ? "" : target[(questionMark + 1)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(line => line.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException("The OAuth callback request has a header line without a name.");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        return new OAuthCallbackRequest(requestLine[..firstSpace], Uri.UnescapeDataString(path), queryString, ParseQuery(queryString), headers, body);
    }

    private static (byte[] Head, byte[] Body) SplitHead(ReadOnlySpan<byte> raw)
    {
        var crlf = raw.IndexOf("\r\n\r\n"u8);
        if (crlf >= 0)
        {
            return (raw[..crlf].ToArray(), raw[(crlf + 4)..].ToArray());
        }

        var lf = raw.IndexOf("\n\n"u8);
        return lf >= 0 ? (raw[..lf].ToArray(), raw[(lf + 2)..].ToArray()) : (raw.ToArray(), []);
    }

    private static Dictionary<string, string> ParseQuery(string queryString)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in queryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            query.TryAdd(name, equals < 0 ? "" : Decode(pair[(equals + 1)..]));
        }

        return query;
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    /// <summary>The method and path; the query and body may carry secrets and are left out.</summary>
    public override string ToString() => $"{Method} {Path}";
}
