using System.ComponentModel;
using System.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using VersatileHub.Tests.Fakes.OpenAi;
using static VersatileHub.Tests.Fakes.OpenAi.FakeOpenAi;

namespace VersatileHub.Tests.Agent;

/// <summary>
/// The fake model's streamed answers (server-sent events, as the operator console will use them) are read by the real
/// OpenAI connector: text arrives in pieces, a streamed tool call is invoked, and an error status surfaces.
/// </summary>
public sealed class FakeModelStreamingTests : IAsyncLifetime
{
    private FakeOpenAi _model = null!;

    public async Task InitializeAsync() => _model = await FakeOpenAi.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task A_streamed_turn_calls_the_tool_and_streams_the_answer_in_pieces()
    {
        _model.Script("stream-model", Answer.Call("get_hours", new { day = "sábado" }), Answer.Say("Los sábados abrimos de 10 a 14."));
        var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion("stream-model", new Uri(_model.Endpoint), "sk-stream").Build();
        kernel.Plugins.AddFromObject(new Hours(), "store");
        var history = new ChatHistory();
        history.AddUserMessage("¿Abren los sábados?");
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        var pieces = new List<string>();
        await foreach (var piece in kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync(history, settings, kernel))
        {
            if (!string.IsNullOrEmpty(piece.Content))
            {
                pieces.Add(piece.Content);
            }
        }

        Assert.True(pieces.Count > 1, string.Join("|", pieces));
        Assert.Equal("Los sábados abrimos de 10 a 14.", string.Concat(pieces).Trim());
        var toolMessage = _model.RequestsFor("stream-model")[^1]["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Equal("10 a 14 (sábado)", toolMessage!["content"]!.GetValue<string>());
        Assert.True(_model.RequestsFor("stream-model").All(r => r["stream"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_rate_limited_request_surfaces_its_status()
    {
        _model.Script("limited-model", Answer.Fail(429, "Rate limit reached"));
        var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion("limited-model", new Uri(_model.Endpoint), "sk").Build();

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() =>
            kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync("hola", kernel: kernel));

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, failure.StatusCode);
    }

    private sealed class Hours
    {
        [KernelFunction("get_hours"), Description("Opening hours of a day.")]
        public string GetHours(string day) => $"10 a 14 ({day})";
    }
}
