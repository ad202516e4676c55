using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Webhooks;

public sealed record WebhookFields(string? Name, string? Url, IReadOnlyList<string?>? Subscriptions);

/// <summary>Chatwoot's body, with the fields at the top or (as Rails wraps them) under <c>webhook</c>.</summary>
public sealed record WebhookRequest(string? Name, string? Url, IReadOnlyList<string?>? Subscriptions, WebhookFields? Webhook)
{
    public WebhookFields Fields => Webhook ?? new(Name, Url, Subscriptions);
}

/// <summary>Chatwoot's webhook (<c>accounts/webhooks/_webhook</c>); <see cref="Secret"/> only in the answer to its creation.</summary>
public sealed record WebhookView(int Id, string? Name, string Url, int AccountId, IReadOnlyList<string> Subscriptions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookView Of(WebhookSubscription s, string? secret = null) => new(s.Id, s.Name, s.Url, s.AccountId, s.Subscriptions, secret);
}

public sealed record WebhookPayload(WebhookView Webhook);

public sealed record WebhookListPayload(IReadOnlyList<WebhookView> Webhooks);

public sealed record AttemptView(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

public sealed record DeliveryView(
    Guid Id, string Event, string Status, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, IReadOnlyList<AttemptView> AttemptLog);

public sealed record DeliveryLogMeta(int CurrentPage, int Count);

public sealed record DeliveryLogView(DeliveryLogMeta Meta, IReadOnlyList<DeliveryView> Payload);

/// <summary>The account's webhook subscriptions and their delivery log.</summary>
public sealed class WebhookSettings(ChatDbContext db, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const int DeliveriesPerPage = 25;

    private readonly IDataProtector _secrets = dataProtection.CreateProtector(WebhookDispatcher.SecretPurpose);

    public async Task<PayloadView<WebhookListPayload>> ListAsync(CancellationToken cancellationToken)
    {
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return new(new WebhookListPayload(subscriptions.Select(s => WebhookView.Of(s)).ToList()));
    }

    /// <summary>Creates a subscription with a new secret, answered this once and then kept only encrypted.</summary>
    public async Task<PayloadView<WebhookPayload>> CreateAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = request.Fields;
        var secret = WebhookSignature.NewSecret();
        var subscription = WebhookSubscription.Create(fields.Name, fields.Url, fields.Subscriptions, _secrets.Protect(secret), time.GetUtcNow());
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return new(new WebhookPayload(WebhookView.Of(subscription, secret)));
    }

    public async Task<PayloadView<WebhookPayload>?> UpdateAsync(int id, WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subscription = await db.Set<WebhookSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return null;
        }
        var fields = request.Fields;
        subscription.Change(fields.Name, fields.Url, fields.Subscriptions);
        await db.SaveChangesAsync(cancellationToken);
        return new(new WebhookPayload(WebhookView.Of(subscription)));
    }

    /// <summary>Deletes the subscription and its pending deliveries with it.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<WebhookSubscription>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>The subscription's deliveries, newest first, each with its attempts; null when there is no such subscription.</summary>
    public async Task<DeliveryLogView?> DeliveriesAsync(int id, int? page, CancellationToken cancellationToken)
    {
        if (page is < 1)
        {
            throw new InvalidFieldException("page", "La página empieza en 1. / Pages start at 1.");
        }
        if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Id == id, cancellationToken))
        {
            return null;
        }
        var current = page ?? 1;
        var deliveries = await db.Set<WebhookDelivery>().AsNoTracking().Include(d => d.Attempts)
            .Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((current - 1) * DeliveriesPerPage).Take(DeliveriesPerPage).ToListAsync(cancellationToken);
        return new DeliveryLogView(new DeliveryLogMeta(current, deliveries.Count), deliveries.Select(d => new DeliveryView(
            d.Id, d.Event, d.Status.ToString().ToLowerInvariant(), d.AttemptCount,
            d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.CreatedAt, d.CompletedAt,
            d.Attempts.OrderBy(a => a.Number).Select(a => new AttemptView(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToList())).ToList());
    }
}
