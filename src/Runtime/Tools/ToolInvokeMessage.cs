using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>The kind of a tool message, as the wire spells it in <c>type</c>.</summary>
public enum ToolInvokeMessageType
{
    /// <summary><c>text</c></summary>
    Text,

    /// <summary><c>json</c></summary>
    Json,

    /// <summary><c>link</c></summary>
    Link,

    /// <summary><c>image</c> (an image URL)</summary>
    Image,

    /// <summary><c>image_link</c></summary>
    ImageLink,

    /// <summary><c>blob</c> (sent to Dify as <c>blob_chunk</c>s)</summary>
    Blob,

    /// <summary><c>variable</c> (also streamed variables)</summary>
    Variable,

    /// <summary><c>log</c></summary>
    Log,

    /// <summary><c>retriever_resources</c></summary>
    RetrieverResources,
}

/// <summary>The status of a <see cref="ToolInvokeMessageType.Log"/> message.</summary>
public enum ToolLogStatus
{
    /// <summary><c>start</c></summary>
    Start,

    /// <summary><c>error</c></summary>
    Error,

    /// <summary><c>success</c></summary>
    Success,
}

/// <summary>A document a tool retrieved, shown by Dify as a citation.</summary>
public sealed record RetrieverResource
{
    /// <summary>Position in the results.</summary>
    public int? Position { get; init; }

    /// <summary>Dataset id.</summary>
    public string? DatasetId { get; init; }

    /// <summary>Dataset name.</summary>
    public string? DatasetName { get; init; }

    /// <summary>Document id.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Document name.</summary>
    public string? DocumentName { get; init; }

    /// <summary>Data source type.</summary>
    public string? DataSourceType { get; init; }

    /// <summary>Segment id.</summary>
    public string? SegmentId { get; init; }

    /// <summary>Where it was retrieved from.</summary>
    public string? RetrieverFrom { get; init; }

    /// <summary>Relevance score.</summary>
    public double? Score { get; init; }

    /// <summary>Hit count.</summary>
    public int? HitCount { get; init; }

    /// <summary>Word count.</summary>
    public int? WordCount { get; init; }

    /// <summary>Segment position.</summary>
    public int? SegmentPosition { get; init; }

    /// <summary>Index node hash.</summary>
    public string? IndexNodeHash { get; init; }

    /// <summary>The retrieved text.</summary>
    public string? Content { get; init; }

    /// <summary>Page number.</summary>
    public int? Page { get; init; }

    /// <summary>Document metadata.</summary>
    public JsonObject? DocMetadata { get; init; }
}

/// <summary>
/// One message a tool sends back to Dify (Python SDK: <c>ToolInvokeMessage</c>); on the wire
/// <c>{"type": …, "message": {…}, "meta": {…}}</c>. Create them with the static factory methods or the
/// <c>Create…Message</c> helpers of <see cref="Tool"/>.
/// </summary>
public sealed partial record ToolInvokeMessage
{
    private ToolInvokeMessage(ToolInvokeMessageType type, JsonObject? message, JsonObject? meta, ReadOnlyMemory<byte> blob = default)
    {
        Type = type;
        Message = message;
        Meta = meta;
        Blob = blob;
    }

    /// <summary>The kind of message.</summary>
    public ToolInvokeMessageType Type { get; }

    /// <summary>The <c>message</c> object as it goes on the wire (for a blob, without the bytes: see <see cref="Blob"/>).</summary>
    public JsonObject? Message { get; }

    /// <summary>The <c>meta</c> object, such as a blob's <c>mime_type</c>.</summary>
    public JsonObject? Meta { get; }

    /// <summary>The bytes of a <see cref="ToolInvokeMessageType.Blob"/> message.</summary>
    public ReadOnlyMemory<byte> Blob { get; }

    /// <summary>The text of a text, link or image message; otherwise <see langword="null"/>.</summary>
    public string? Text => Type is ToolInvokeMessageType.Text or ToolInvokeMessageType.Link or ToolInvokeMessageType.Image or ToolInvokeMessageType.ImageLink
        ? (string?)Message?["text"]
        : null;

    /// <summary>A text message (<c>create_text_message</c>).</summary>
    public static ToolInvokeMessage CreateText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(ToolInvokeMessageType.Text, new JsonObject { ["text"] = text }, null);
    }

    /// <summary>A JSON message (<c>create_json_message</c>): an object or an array.</summary>
    /// <param name="json">The object or array.</param>
    /// <param name="suppressOutput">Asks Dify not to show the JSON in the tool's text output.</param>
    public static ToolInvokeMessage CreateJson(JsonNode json, bool? suppressOutput = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json is not (JsonObject or JsonArray))
        {
            throw new ArgumentException("A JSON message carries an object or an array.", nameof(json));
        }

        var message = new JsonObject { ["json_object"] = json.DeepClone() };
        if (suppressOutput is { } suppress)
        {
            message["suppress_output"] = suppress;
        }

        return new(ToolInvokeMessageType.Json, message, null);
    }

    /// <summary>A link message (<c>create_link_message</c>).</summary>
    public static ToolInvokeMessage CreateLink(string link) => UrlMessage(ToolInvokeMessageType.Link, link);

    /// <summary>An image message with the image's URL (<c>create_image_message</c>).</summary>
    public static ToolInvokeMessage CreateImage(string imageUrl) => UrlMessage(ToolInvokeMessageType.Image, imageUrl);

    /// <summary>An image-link message.</summary>
    public static ToolInvokeMessage CreateImageLink(string imageUrl) => UrlMessage(ToolInvokeMessageType.ImageLink, imageUrl);

    /// <summary>A file (<c>create_blob_message</c>). Dify receives it in chunks of at most 8192 bytes; files over 30 MB are refused.</summary>
    /// <param name="blob">The bytes.</param>
    /// <param name="mimeType">The MIME type, such as <c>image/png</c>.</param>
    /// <param name="filename">The file name, if any.</param>
    /// <param name="meta">Further <c>meta</c> entries.</param>
    public static ToolInvokeMessage CreateBlob(ReadOnlyMemory<byte> blob, string? mimeType = null, string? filename = null, JsonObject? meta = null)
    {
        var metaObject = meta is null ? new JsonObject() : (JsonObject)meta.DeepClone();
        if (mimeType is not null)
        {
            metaObject["mime_type"] = mimeType;
        }

        if (filename is not null)
        {
            metaObject["filename"] = filename;
        }

        return new(ToolInvokeMessageType.Blob, new JsonObject(), metaObject.Count > 0 ? metaObject : null, blob);
    }

    /// <summary>Sets an output variable (<c>create_variable_message</c>); the name should match a property of the tool's <c>output_schema</c>.</summary>
    public static ToolInvokeMessage CreateVariable(string variableName, JsonNode? variableValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(variableName);
        return new(
            ToolInvokeMessageType.Variable,
            new JsonObject { ["variable_name"] = variableName, ["variable_value"] = variableValue?.DeepClone(), ["stream"] = false },
            null);
    }

    /// <summary>Appends text to a streamed output variable (<c>create_stream_variable_message</c>).</summary>
    public static ToolInvokeMessage CreateStreamVariable(string variableName, string variableValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(variableName);
        ArgumentNullException.ThrowIfNull(variableValue);
        return new(
            ToolInvokeMessageType.Variable,
            new JsonObject { ["variable_name"] = variableName, ["variable_value"] = variableValue, ["stream"] = true },
            null);
    }

    /// <summary>A log entry (<c>create_log_message</c>); finish it with <see cref="FinishLog"/>.</summary>
    /// <param name="label">What is being done.</param>
    /// <param name="data">Details.</param>
    /// <param name="status">The status; <see cref="ToolLogStatus.Start"/> for an entry that will be finished later.</param>
    /// <param name="parent">The enclosing log entry, if any.</param>
    /// <param name="metadata">Metadata such as <c>elapsed_time</c>, <c>total_tokens</c>, <c>provider</c>.</param>
    public static ToolInvokeMessage CreateLog(string label, JsonObject data, ToolLogStatus status = ToolLogStatus.Success, ToolInvokeMessage? parent = null, JsonObject? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(data);
        string? parentId = null;
        if (parent is not null)
        {
            if (parent.Type != ToolInvokeMessageType.Log)
            {
                throw new ArgumentException("The parent of a log message must be a log message.", nameof(parent));
            }

            parentId = (string?)parent.Message!["id"];
        }

        return Log(Guid.NewGuid().ToString(), label, parentId, null, status, data, metadata);
    }

    /// <summary>Finishes a log entry made by <see cref="CreateLog"/> (<c>finish_log_message</c>).</summary>
    public static ToolInvokeMessage FinishLog(ToolInvokeMessage log, ToolLogStatus status = ToolLogStatus.Success, string? error = null, JsonObject? data = null, JsonObject? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Type != ToolInvokeMessageType.Log)
        {
            throw new ArgumentException("Only a log message can be finished.", nameof(log));
        }

        var message = log.Message!;
        return Log(
            (string)message["id"]!,
            (string)message["label"]!,
            (string?)message["parent_id"],
            error,
            status,
            data ?? (JsonObject)message["data"]!,
            metadata ?? message["metadata"] as JsonObject);
    }

    /// <summary>Citations for retrieved documents.</summary>
    public static ToolInvokeMessage CreateRetrieverResources(IEnumerable<RetrieverResource> resources, string context)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(context);
        var list = new JsonArray();
        foreach (var resource in resources)
        {
            list.Add((JsonNode)new JsonObject
            {
                ["position"] = resource.Position,
                ["dataset_id"] = resource.DatasetId,
                ["dataset_name"] = resource.DatasetName,
                ["document_id"] = resource.DocumentId,
                ["document_name"] = resource.DocumentName,
                ["data_source_type"] = resource.DataSourceType,
                ["segment_id"] = resource.SegmentId,
                ["retriever_from"] = resource.RetrieverFrom,
                ["score"] = resource.Score,
                ["hit_count"] = resource.HitCount,
                ["word_count"] = resource.WordCount,
                ["segment_position"] = resource.SegmentPosition,
                ["index_node_hash"] = resource.IndexNodeHash,
                ["content"] = resource.Content,
                ["page"] = resource.Page,
                ["doc_metadata"] = resource.DocMetadata?.DeepClone(),
            });
        }

        return new(ToolInvokeMessageType.RetrieverResources, new JsonObject { ["retriever_resources"] = list, ["context"] = context }, null);
    }

    /// <summary>The wire name of <see cref="Type"/>, such as <c>image_link</c>.</summary>
    public string TypeName => Type switch
    {
        ToolInvokeMessageType.Text => "text",
        ToolInvokeMessageType.Json => "json",
        ToolInvokeMessageType.Link => "link",
        ToolInvokeMessageType.Image => "image",
        ToolInvokeMessageType.ImageLink => "image_link",
        ToolInvokeMessageType.Blob => "blob",
        ToolInvokeMessageType.Variable => "variable",
        ToolInvokeMessageType.Log => "log",
        ToolInvokeMessageType.RetrieverResources => "retriever_resources",
        _ => throw new InvalidOperationException($"Unknown message type {Type}."),
    };

    /// <summary>Writes the message as the wire's <c>{"type", "message", "meta"}</c> (a blob with its bytes in base64).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", TypeName);
        writer.WritePropertyName("message");
        if (Type == ToolInvokeMessageType.Blob)
        {
            writer.WriteStartObject();
            writer.WriteBase64String("blob", Blob.Span);
            writer.WriteEndObject();
        }
        else if (Message is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Message.WriteTo(writer);
        }

        writer.WritePropertyName("meta");
        if (Meta is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Meta.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>The message as wire JSON.</summary>
    public string ToJsonString()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ToolInvokeMessage UrlMessage(ToolInvokeMessageType type, string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new(type, new JsonObject { ["text"] = url }, null);
    }

    private static ToolInvokeMessage Log(string id, string label, string? parentId, string? error, ToolLogStatus status, JsonObject data, JsonObject? metadata) =>
        new(
            ToolInvokeMessageType.Log,
            new JsonObject
            {
                ["id"] = id,
                ["label"] = label,
                ["parent_id"] = parentId,
                ["error"] = error,
                ["status"] = status switch { ToolLogStatus.Start => "start", ToolLogStatus.Error => "error", _ => "success" },
                ["data"] = data.DeepClone(),
                ["metadata"] = metadata?.DeepClone(),
            },
            null);
}
