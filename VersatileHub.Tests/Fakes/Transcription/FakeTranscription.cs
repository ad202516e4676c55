using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.Transcription;

/// <summary>An audio file as the transcription endpoint received it, with the form's model and language.</summary>
public sealed record TranscriptionRequest(string FileName, string? ContentType, long Length, string? Model, string? Language);

/// <summary>
/// OpenAI's <c>POST /v1/audio/transcriptions</c> on 127.0.0.1: multipart form with <c>file</c> and <c>model</c> (required,
/// 400 otherwise) and optional <c>language</c>; answers <c>{"text": ...}</c> with the transcript it was given for the audio.
/// </summary>
public sealed class FakeTranscription : IAsyncDisposable
{
    private readonly ConcurrentQueue<TranscriptionRequest> _requests = new();
    private WebApplication _app = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public string Transcript { get; set; } = "";

    public IReadOnlyCollection<TranscriptionRequest> Requests => _requests;

    public static async Task<FakeTranscription> StartAsync()
    {
        var fake = new FakeTranscription();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        fake._app = builder.Build();
        fake._app.MapPost("/v1/audio/transcriptions", async (HttpContext context) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return Results.Json(new { error = new { message = "Expected multipart form data.", type = "invalid_request_error" } }, statusCode: 400);
            }
            var form = await context.Request.ReadFormAsync();
            var file = form.Files["file"];
            if (file is null || string.IsNullOrEmpty(form["model"]))
            {
                return Results.Json(new { error = new { message = "file and model are required.", type = "invalid_request_error" } }, statusCode: 400);
            }
            fake._requests.Enqueue(new TranscriptionRequest(file.FileName, file.ContentType, file.Length, form["model"], form["language"]));
            return Results.Json(new { text = fake.Transcript });
        }).DisableAntiforgery();
        await fake._app.StartAsync();
        fake.BaseUrl = new Uri(fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
