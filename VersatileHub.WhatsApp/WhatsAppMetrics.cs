using System.Diagnostics.Metrics;

namespace VersatileHub.WhatsApp;

/// <summary>The gateway's meter, <c>VersatileHub.WhatsApp</c>.</summary>
internal sealed class WhatsAppMetrics
{
    public const string MeterName = "VersatileHub.WhatsApp";

    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _sendLatency;
    private readonly Histogram<long> _bufferSize;
    private readonly Counter<long> _parked;

    public WhatsAppMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _webhooks = meter.CreateCounter<long>("vh.whatsapp.webhooks.received", description: "Webhooks accepted, by provider.");
        _rejected = meter.CreateCounter<long>("vh.whatsapp.webhooks.rejected", description: "Webhooks refused, by provider and reason.");
        _duplicates = meter.CreateCounter<long>("vh.whatsapp.messages.duplicate", description: "Incoming messages the provider delivered again.");
        _sent = meter.CreateCounter<long>("vh.whatsapp.messages.sent", description: "Messages the provider accepted, by provider.");
        _failed = meter.CreateCounter<long>("vh.whatsapp.messages.failed", description: "Messages that could not be sent, by provider and reason.");
        _sendLatency = meter.CreateHistogram<double>("vh.whatsapp.send.duration", "s", "From the first attempt to the provider's answer.");
        _bufferSize = meter.CreateHistogram<long>("vh.whatsapp.buffer.size", "{message}", "Messages of one contact's turn handed to Chat together.");
        _parked = meter.CreateCounter<long>("vh.whatsapp.inbound.parked", description: "Incoming messages and statuses set aside with their error instead of reaching Chat, by kind and reason.");
    }

    public void WebhookReceived(string provider) => _webhooks.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void WebhookRejected(string provider, string reason) =>
        _rejected.Add(1, new("provider", provider), new("reason", reason));

    public void Duplicate(string provider) => _duplicates.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void Sent(string provider, TimeSpan latency)
    {
        _sent.Add(1, new KeyValuePair<string, object?>("provider", provider));
        _sendLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));
    }

    public void Failed(string provider, string reason) => _failed.Add(1, new("provider", provider), new("reason", reason));

    public void Flushed(int messages) => _bufferSize.Record(messages);

    public void Parked(string kind, string reason) => _parked.Add(1, new("kind", kind), new("reason", reason));
}
