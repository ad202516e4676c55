using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VersatileHub.Hub.Connectors;

internal sealed class ConnectorSettingConfiguration : IEntityTypeConfiguration<ConnectorSetting>
{
    public void Configure(EntityTypeBuilder<ConnectorSetting> builder)
    {
        builder.ToTable("connector_settings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.BaseUrl).HasMaxLength(ConnectorSetting.MaxUrlLength);
        builder.Property(s => s.Key).HasMaxLength(ConnectorSetting.MaxKeyLength);
        builder.Property(s => s.Version).IsRowVersion();
        builder.Ignore(s => s.HasSecret);
    }
}

internal sealed class ConnectorSyncStateConfiguration : IEntityTypeConfiguration<ConnectorSyncState>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ConnectorSyncState> builder)
    {
        builder.ToTable("connector_sync_states");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.LastError).HasMaxLength(ConnectorSyncState.MaxErrorLength);
        builder.Property(s => s.LastSyncCounts).HasColumnType("jsonb").HasConversion(
            counts => counts == null ? null : JsonSerializer.Serialize(counts, Json),
            json => json == null ? null : JsonSerializer.Deserialize<SyncCounts>(json, Json));
        builder.Property(s => s.Cursors).HasColumnType("jsonb").HasConversion(
            cursors => JsonSerializer.Serialize(cursors, Json),
            json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? new Dictionary<string, string>(),
            new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && a.All(kv => b.ContainsKey(kv.Key) && b[kv.Key] == kv.Value),
                d => d.Count,
                d => new Dictionary<string, string>(d)));
    }
}
