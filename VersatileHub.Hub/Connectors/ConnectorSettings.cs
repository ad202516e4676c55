using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors;

/// <summary>A tenant's connector setting as the API shows it: never the secret, only whether one is stored.</summary>
public sealed record ConnectorView(string Kind, string? BaseUrl, string? Key, bool HasSecret, int SyncIntervalMinutes, uint Version)
{
    internal static ConnectorView Of(ConnectorSetting s) =>
        new(ConnectorKinds.Name(s.Kind), s.BaseUrl, s.Key, s.HasSecret, s.SyncIntervalMinutes, s.Version);
}

/// <summary>A new setting; an omitted <see cref="Secret"/> keeps the stored one. <see cref="Version"/> is the one the caller read.</summary>
public sealed record ConnectorInput(
    string? Kind, string? BaseUrl = null, string? Key = null, string? Secret = null, int? SyncIntervalMinutes = null, uint? Version = null);

/// <summary>Credentials to try; omitted fields are taken from the stored setting.</summary>
public sealed record ConnectionTestInput(string? Kind = null, string? BaseUrl = null, string? Key = null, string? Secret = null);

public sealed record ConnectionTestView(bool Succeeded, string? Error);

/// <summary>What the connector did last, for the status page.</summary>
public sealed record ConnectorStatusView(
    string Kind, DateTimeOffset? LastSyncAt, IReadOnlyDictionary<string, DocumentCountsView>? LastSync, string? LastError, DateTimeOffset? LastErrorAt);

public sealed record DocumentCountsView(int Created, int Updated, int Unchanged, int Pushed, int KeptLocal, int Failed);

/// <summary>The connector.updated event: what changed, never the secret.</summary>
internal sealed record ConnectorUpdated(string Kind, string? BaseUrl, string? Key, bool HasSecret, int SyncIntervalMinutes);

/// <summary>The names connector kinds have in the API and in events.</summary>
internal static class ConnectorKinds
{
    public static string Name(ConnectorKind kind) => kind.ToString().ToLowerInvariant();

    public static ConnectorKind Parse(string? name, string field = "kind")
    {
        foreach (var kind in Enum.GetValues<ConnectorKind>())
        {
            if (string.Equals(Name(kind), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        throw new InvalidFieldException(field, new UserText("El tipo es native, erpnext o tiendanube.", "The kind is native, erpnext or tiendanube."));
    }
}

/// <summary>The current tenant's connector setting: read, changed (with its event), and tested.</summary>
internal sealed class ConnectorSettings(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, ConnectorSecrets secrets,
    IEnumerable<IConnectionTester> testers)
{
    public async Task<ConnectorView> GetAsync(CancellationToken cancellationToken) =>
        ConnectorView.Of(await FindAsync(cancellationToken) ?? ConnectorSetting.Native());

    public async Task<ConnectorView> UpdateAsync(ConnectorInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kind = ConnectorKinds.Parse(input.Kind);
        if (input.Secret is { Length: > ConnectorSetting.MaxSecretLength })
        {
            throw new InvalidFieldException("secret", new UserText($"El secreto tiene hasta {ConnectorSetting.MaxSecretLength} caracteres.", $"The secret is up to {ConnectorSetting.MaxSecretLength} characters."));
        }
        var setting = await db.Set<ConnectorSetting>().SingleOrDefaultAsync(cancellationToken);
        if (setting is null)
        {
            setting = ConnectorSetting.Native();
            db.Add(setting);
        }
        else if (input.Version is { } expected)
        {
            db.Entry(setting).Property(s => s.Version).OriginalValue = expected;
        }

        var previous = (setting.Kind, setting.BaseUrl, setting.Key);
        setting.Configure(kind, input.BaseUrl, input.Key, string.IsNullOrEmpty(input.Secret) ? null : secrets.Protect(input.Secret),
            input.SyncIntervalMinutes, time.GetUtcNow());
        if (previous != (setting.Kind, setting.BaseUrl, setting.Key)
            && await db.Set<ConnectorSyncState>().SingleOrDefaultAsync(cancellationToken) is { } state)
        {
            // Another system, or another account on it: the next pull starts from scratch.
            state.Reset();
        }

        try
        {
            await db.SaveWithEventAsync(publisher, tenant.RequiredId, "connector.updated", () => (setting.Id,
                new ConnectorUpdated(ConnectorKinds.Name(setting.Kind), setting.BaseUrl, setting.Key, setting.HasSecret, setting.SyncIntervalMinutes)),
                cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConflictException(new UserText("La configuración del conector cambió desde que la leíste.", "The connector setting changed since you read it."), exception);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            throw new ConflictException(new UserText("Otra persona configuró el conector a la vez.", "Someone else configured the connector at the same time."), exception);
        }
        return ConnectorView.Of(setting);
    }

    /// <summary>Tries the stored credentials, or the posted ones (missing fields taken from the stored setting).</summary>
    public async Task<ConnectionTestView> TestAsync(ConnectionTestInput? input, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(cancellationToken) ?? ConnectorSetting.Native();
        var kind = input?.Kind is null ? stored.Kind : ConnectorKinds.Parse(input.Kind);
        if (kind == ConnectorKind.Native)
        {
            throw new InvalidFieldException("kind", new UserText("Native usa las tablas del Hub: no hay nada que probar.", "Native uses the Hub's own tables: there is nothing to test."));
        }
        var tester = testers.SingleOrDefault(t => t.Kind == kind)
            ?? throw new InvalidFieldException("kind", new UserText($"El conector {ConnectorKinds.Name(kind)} no tiene prueba.", $"The {ConnectorKinds.Name(kind)} connector has no test."));

        var secret = input?.Secret;
        if (string.IsNullOrEmpty(secret) && stored.ProtectedSecret is { } protectedSecret)
        {
            try
            {
                secret = secrets.Unprotect(protectedSecret);
            }
            catch (ConnectorFailure failure)
            {
                return new ConnectionTestView(false, failure.Message);
            }
        }
        var baseUrl = input?.BaseUrl ?? stored.BaseUrl;
        var key = input?.Key ?? stored.Key;
        var url = ConnectorSetting.Check(kind, baseUrl, key, secret)!;

        var check = await tester.TestAsync(new ConnectorCredentials(url, key!.Trim(), secret!), cancellationToken);
        return new ConnectionTestView(check.Succeeded, check.Error);
    }

    public async Task<ConnectorStatusView> StatusAsync(CancellationToken cancellationToken)
    {
        var setting = await FindAsync(cancellationToken) ?? ConnectorSetting.Native();
        var state = await db.Set<ConnectorSyncState>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return new ConnectorStatusView(
            ConnectorKinds.Name(setting.Kind),
            state?.LastSyncAt,
            state?.LastSyncCounts?.Documents.ToDictionary(
                d => d.Key, d => new DocumentCountsView(d.Value.Created, d.Value.Updated, d.Value.Unchanged, d.Value.Pushed, d.Value.KeptLocal, d.Value.Failed)),
            state?.LastError,
            state?.LastErrorAt);
    }

    private Task<ConnectorSetting?> FindAsync(CancellationToken cancellationToken) =>
        db.Set<ConnectorSetting>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
}

/// <summary>Which connector a tenant uses, with its secret decrypted, for the code that calls the remote system.</summary>
internal sealed class TenantConnectors(HubDbContext db, ConnectorSecrets secrets) : ITenantConnectors
{
    public async Task<ActiveConnector?> ActiveAsync(int tenantId, CancellationToken cancellationToken)
    {
        // Explicit tenant: background jobs call this for the tenant they work on, whatever the scope's tenant is.
        var setting = await db.Set<ConnectorSetting>().IgnoreQueryFilters([HubDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken);
        if (setting is null || setting.Kind == ConnectorKind.Native || setting.BaseUrl is null || setting.Key is null || setting.ProtectedSecret is null)
        {
            return null;
        }
        return new ActiveConnector(setting.Kind, new ConnectorCredentials(new Uri(setting.BaseUrl), setting.Key, secrets.Unprotect(setting.ProtectedSecret)));
    }
}
