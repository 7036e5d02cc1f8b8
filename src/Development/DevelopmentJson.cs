using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dify.Plugin.Development;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class DevelopmentJson : JsonSerializerContext;
