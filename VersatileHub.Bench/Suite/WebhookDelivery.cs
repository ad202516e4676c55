using System.Text;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// Posts webhooks to the gateway as YCloud does: a webhook not answered 2xx (an error, a refused connection while the
/// gateway is down, a timeout) is delivered again, signed anew, with a growing pause, for up to
/// <see cref="Patience"/>.
/// </summary>
internal sealed class WebhookDelivery(Uri gateway, SuiteTenant tenant) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private long _redeliveries;

    public TimeSpan Patience { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Deliveries made again after a failed one.</summary>
    public long Redeliveries => Interlocked.Read(ref _redeliveries);

    /// <returns>True once the gateway acknowledged it; false when it never did within <see cref="Patience"/>.</returns>
    public async Task<bool> DeliverAsync(InboundWebhook webhook)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 0; ; attempt++)
        {
            if (await PostAsync(webhook, attempt == 0 ? webhook.Signature : tenant.Sign(webhook.Body)))
            {
                return true;
            }
            if (DateTime.UtcNow + pause > deadline)
            {
                return false;
            }
            Interlocked.Increment(ref _redeliveries);
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>One delivery; true when the gateway answered 2xx.</summary>
    public async Task<bool> PostAsync(InboundWebhook webhook, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Path) { Content = new StringContent(webhook.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("YCloud-Signature", signature);
        try
        {
            using var response = await _client.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
