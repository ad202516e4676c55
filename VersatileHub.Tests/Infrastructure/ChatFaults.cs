using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>
/// Chat failing on some messages, every time, as it would on a fault of its own: a channel-API request that carries one of
/// these provider message ids is answered 500 with problem details and never reaches Chat.
/// </summary>
public sealed class ChatFaults
{
    private readonly ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);

    public void FailOn(string providerMessageId) => _failing[providerMessageId] = 0;

    /// <summary>Puts the faults in front of <paramref name="chat"/>.</summary>
    public HttpMessageHandler In(HttpMessageHandler chat) => new Failing(this) { InnerHandler = chat };

    private sealed class Failing(ChatFaults faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.LoadIntoBufferAsync(cancellationToken);
                var body = await content.ReadAsStringAsync(cancellationToken);
                if (faults._failing.Keys.FirstOrDefault(id => body.Contains($"\"{id}\"", StringComparison.Ordinal)) is { } id)
                {
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError)
                    {
                        RequestMessage = request,
                        Content = new StringContent(
                            $$"""{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.1","title":"An error occurred while processing your request.","status":500,"detail":"Chat failed on {{id}}."}""",
                            Encoding.UTF8, "application/problem+json"),
                    };
                }
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
