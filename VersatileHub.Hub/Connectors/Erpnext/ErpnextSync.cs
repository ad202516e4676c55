using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>The outcome of one sync: what it did, or why it stopped.</summary>
public sealed record SyncResult(bool Succeeded, string? Error, IReadOnlyDictionary<string, DocumentCountsView> Documents)
{
    internal static SyncResult Of(SyncCounts counts, string? error) => new(error is null, error, counts.Documents.ToDictionary(
        d => d.Key, d => new DocumentCountsView(d.Value.Created, d.Value.Updated, d.Value.Unchanged, d.Value.Pushed, d.Value.KeptLocal, d.Value.Failed)));
}

/// <summary>
/// One tenant's exchange with ERPNext: pulls what changed since the last pull (customers, items with prices and stock,
/// sales orders, issues), then pushes the local changes still waiting. Only one Hub replica syncs a tenant at a time
/// (a PostgreSQL advisory lock); a failure is recorded as the connector's last error and never reaches the native API.
/// </summary>
internal sealed class ErpnextSync(
    HubDbContext db, CurrentTenant tenant, ITenantConnectors connectors, TimeProvider time, ErpnextCustomers customers,
    ErpnextCatalog catalog, ErpnextOrders orders, ErpnextTickets tickets, ILogger<ErpnextSync> logger)
{
    /// <summary>The advisory lock's first key: "ERPN"; the second is the tenant id.</summary>
    private const int LockSpace = 0x4552504E;

    public async Task<SyncResult> RunAsync(int tenantId, CancellationToken cancellationToken)
    {
        tenant.Set(tenantId);
        var connector = await connectors.ActiveAsync(tenantId, cancellationToken);
        if (connector?.Kind != ConnectorKind.Erpnext)
        {
            throw new InvalidFieldException("kind", new UserText("El conector del tenant no es ERPNext.", "The tenant's connector is not ERPNext."));
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await TryLockAsync(tenantId, cancellationToken))
            {
                throw new ConflictException(new UserText("Ya hay una sincronización en curso.", "A sync is already running."));
            }
            try
            {
                return await ExchangeAsync(connector.Credentials, cancellationToken);
            }
            finally
            {
                await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({LockSpace}, {tenantId}) AS \"Value\"").ToListAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<bool> TryLockAsync(int tenantId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockSpace}, {tenantId}) AS \"Value\"").ToListAsync(cancellationToken)).Single();

    private async Task<SyncResult> ExchangeAsync(ConnectorCredentials credentials, CancellationToken cancellationToken)
    {
        var state = await db.Set<ConnectorSyncState>().SingleOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            state = ConnectorSyncState.Empty();
            db.Add(state);
            await db.SaveChangesAsync(cancellationToken);
        }

        var counts = SyncCounts.Start();
        try
        {
            var sync = new SyncRun(credentials, state, counts);
            await customers.PullAsync(sync, cancellationToken);
            await catalog.PullAsync(sync, cancellationToken);
            await orders.PullAsync(sync, cancellationToken);
            await tickets.PullAsync(sync, cancellationToken);
            await customers.PushPendingAsync(sync, cancellationToken);
            await tickets.PushPendingAsync(sync, cancellationToken);
            state.Succeeded(counts, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return SyncResult.Of(counts, error: null);
        }
        catch (ConnectorFailure failure)
        {
            logger.LogWarning("ERPNext sync of tenant {Tenant} failed: {Error}", tenant.Id, failure.Message);
            await RecordFailureAsync(failure.Message, cancellationToken);
            return SyncResult.Of(counts, failure.Message);
        }
    }

    private async Task RecordFailureAsync(string error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var state = await db.Set<ConnectorSyncState>().SingleAsync(cancellationToken);
        state.Failed(error, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>What one sync works with: the credentials, the cursors to start after, and the counts it reports.</summary>
internal sealed record SyncRun(ConnectorCredentials Credentials, ConnectorSyncState State, SyncCounts Counts)
{
    /// <summary>The incremental filter: documents changed after the last one pulled of this type.</summary>
    public object[][] ChangedSince(string doctype) =>
        State.CursorOf(doctype) is { } cursor ? [["modified", ">", cursor]] : [];
}

/// <summary>Shared by the document mappers: the tenant's database, events and the links table.</summary>
internal sealed class ErpnextLinks(HubDbContext db, IOptions<ErpnextOptions> options)
{
    public TimeZoneInfo SiteTimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.SiteTimeZone);

    public Task<ErpnextLink?> ByRemoteAsync(string doctype, string name, CancellationToken cancellationToken) =>
        db.Set<ErpnextLink>().SingleOrDefaultAsync(l => l.DocType == doctype && l.RemoteName == name, cancellationToken);

    public Task<ErpnextLink?> ByLocalAsync(string doctype, int localId, CancellationToken cancellationToken) =>
        db.Set<ErpnextLink>().FirstOrDefaultAsync(l => l.DocType == doctype && l.LocalId == localId, cancellationToken);

    public async Task<int?> LocalIdAsync(string doctype, string? name, CancellationToken cancellationToken) =>
        name is null ? null : (await ByRemoteAsync(doctype, name, cancellationToken))?.LocalId;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
