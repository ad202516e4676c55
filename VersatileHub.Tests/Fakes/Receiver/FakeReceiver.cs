using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.Receiver;

/// <summary>
/// A client's own system receiving a workflow's HTTP calls on 127.0.0.1: every <c>POST /calls</c> is counted, with its
/// <c>Idempotency-Key</c>, and answered 200 with a JSON receipt.
/// </summary>
public sealed class FakeReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<string?> _calls = new();
    private WebApplication _app = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri CallsUrl => new(BaseUrl, "/calls");

    /// <summary>Every call received, by its idempotency key, in order.</summary>
    public IReadOnlyCollection<string?> Calls => _calls;

    public static async Task<FakeReceiver> StartAsync()
    {
        var receiver = new FakeReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        receiver._app = builder.Build();
        receiver._app.MapPost("/calls", (HttpRequest request) =>
        {
            receiver._calls.Enqueue(request.Headers["Idempotency-Key"].FirstOrDefault());
            return Results.Ok(new { received = receiver._calls.Count });
        });
        await receiver._app.StartAsync();
        receiver.BaseUrl = new Uri(receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
