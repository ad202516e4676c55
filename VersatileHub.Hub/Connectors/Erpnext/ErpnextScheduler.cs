using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// Pulls each ERPNext tenant when its interval has passed. Runs in the background (start-up does not wait for it); with
/// several replicas, the advisory lock in <see cref="ErpnextSync"/> lets one of them sync a tenant and the others skip it.
/// </summary>
internal sealed class ErpnextScheduler(IServiceScopeFactory scopes, TimeProvider time, IOptions<ErpnextOptions> options, ILogger<ErpnextScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerTick, time);
        do
        {
            try
            {
                await SyncDueTenantsAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The ERPNext scheduler failed; it tries again at its next tick.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SyncDueTenantsAsync(CancellationToken cancellationToken)
    {
        List<(int Tenant, int Interval, DateTimeOffset? LastSync, DateTimeOffset? LastError)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            var settings = await db.Set<ConnectorSetting>().IgnoreQueryFilters([HubDbContext.TenantFilter]).AsNoTracking()
                .Where(s => s.Kind == ConnectorKind.Erpnext).Select(s => new { s.TenantId, s.SyncIntervalMinutes }).ToListAsync(cancellationToken);
            var states = await db.Set<ConnectorSyncState>().IgnoreQueryFilters([HubDbContext.TenantFilter]).AsNoTracking()
                .ToDictionaryAsync(s => s.TenantId, s => new { s.LastSyncAt, s.LastErrorAt }, cancellationToken);
            due = settings.Select(s => (s.TenantId, s.SyncIntervalMinutes, states.GetValueOrDefault(s.TenantId)?.LastSyncAt, states.GetValueOrDefault(s.TenantId)?.LastErrorAt)).ToList();
        }
        var now = time.GetUtcNow();
        foreach (var (tenant, interval, lastSync, lastError) in due)
        {
            var last = new[] { lastSync, lastError }.Max();
            if (last is { } at && now - at < TimeSpan.FromMinutes(interval))
            {
                continue;
            }
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ErpnextSync>().RunAsync(tenant, cancellationToken);
            }
            catch (ConflictException)
            {
                // Another replica is syncing this tenant.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The ERPNext sync of tenant {Tenant} failed.", tenant);
            }
        }
    }
}
