using System.Runtime.CompilerServices;
using Dify.Plugin.IntegrationTests.Generated;

namespace Dify.Plugin.IntegrationTests;

/// <summary>A tool written the way README shows: a partial class, a typed InvokeAsync, the model from the selector.</summary>
[DifyTool("weather")]
public sealed partial class WeatherTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(WeatherParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var unit = WeatherParameters.ToWireValue(parameters.Unit);
        var report = await Session.Model.Llm.InvokeAsync(
            parameters.Model,
            [
                new SystemPromptMessage("You describe the weather in one sentence."),
                new UserPromptMessage($"Weather in {parameters.City}, in {unit}?"),
            ],
            cancellationToken: cancellationToken);
        yield return CreateTextMessage(report.Message.GetTextContent());
        yield return CreateVariableMessage("unit", unit);
    }
}
