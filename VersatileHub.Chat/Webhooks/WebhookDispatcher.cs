using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;

namespace VersatileHub.Chat.Webhooks;

/// <summary>
/// Sends due deliveries, signed, and records each attempt. A delivery is claimed with <c>FOR UPDATE SKIP LOCKED</c> and its
/// due time pushed past the attempt's timeout, so several Chat replicas never send one delivery at once, and one whose
/// sender died is tried again once the claim lapses.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, IHttpClientFactory httpClients, IDataProtectionProvider dataProtection, TimeProvider time,
    RetrySchedule schedule, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const string SecretPurpose = "VersatileHub.Chat.WebhookSecrets.v1";

    private readonly IDataProtector _secrets = dataProtection.CreateProtector(SecretPurpose);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await DispatchDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(ex);
            }
        }
    }

    /// <summary>Claims and sends one batch of due deliveries; returns how many it claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        await Parallel.ForEachAsync(claimed,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (id, token) => await AttemptAsync(id, token));
        return claimed.Count;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var now = time.GetUtcNow();
        var claimUntil = now + options.Value.Timeout + TimeSpan.FromMinutes(1);
        var pending = nameof(WebhookDeliveryStatus.Pending);
        return await db.Database.SqlQuery<Guid>($"""
            UPDATE webhook_deliveries SET next_attempt_at = {claimUntil}
            WHERE id IN (
                SELECT id FROM webhook_deliveries
                WHERE status = {pending} AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {options.Value.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
    }

    private async Task AttemptAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var delivery = await db.Set<WebhookDelivery>().IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        var subscription = delivery is null ? null : await db.Set<WebhookSubscription>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        if (delivery is null || subscription is null)
        {
            return;
        }
        scope.ServiceProvider.GetRequiredService<CurrentAccount>().Set(delivery.AccountId);

        int? statusCode = null;
        string? error = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_secrets.Unprotect(subscription.ProtectedSecret), timestamp, delivery.Body));
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {statusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.";
        }
        catch (CryptographicException ex)
        {
            // The key ring lost the secret's key: nothing can be signed, and the log says so.
            error = $"The webhook's secret cannot be read: {ex.Message}";
        }
        delivery.Attempted(time.GetUtcNow(), statusCode, error, Stopwatch.GetElapsedTime(started), schedule);
        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery.Status == WebhookDeliveryStatus.Failed)
        {
            LogDeliveryFailed(delivery.Id, subscription.Id, delivery.AttemptCount, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook dispatch failed")]
    private partial void LogDispatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to subscription {SubscriptionId} failed after {Attempts} attempts: {Error}")]
    private partial void LogDeliveryFailed(Guid deliveryId, int subscriptionId, int attempts, string? error);
}
