using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Agent.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Models;

/// <summary>Tokens a tenant spent on one model in one UTC day.</summary>
public sealed class TokenUsage : ITenantOwned
{
    public int TenantId { get; private set; }

    public DateOnly Day { get; private set; }

    public string Model { get; private set; } = "";

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long Requests { get; private set; }

    /// <summary>Adds to the day's row in one statement, so concurrent turns never lose a count.</summary>
    public static Task AddAsync(AgentDbContext db, int tenant, DateOnly day, string model, long input, long output, long requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO token_usage (tenant_id, day, model, input_tokens, output_tokens, requests)
            VALUES ({tenant}, {day}, {model}, {input}, {output}, {requests})
            ON CONFLICT (tenant_id, day, model) DO UPDATE SET
              input_tokens = token_usage.input_tokens + excluded.input_tokens,
              output_tokens = token_usage.output_tokens + excluded.output_tokens,
              requests = token_usage.requests + excluded.requests
            """, cancellationToken);
    }
}

internal sealed class TokenUsageConfiguration : IEntityTypeConfiguration<TokenUsage>
{
    public void Configure(EntityTypeBuilder<TokenUsage> builder)
    {
        builder.ToTable("token_usage");
        builder.HasKey(u => new { u.TenantId, u.Day, u.Model });
        builder.Property(u => u.TenantId).HasColumnName("tenant_id");
        builder.Property(u => u.Day).HasColumnName("day");
        builder.Property(u => u.Model).HasColumnName("model").HasMaxLength(200);
        builder.Property(u => u.InputTokens).HasColumnName("input_tokens");
        builder.Property(u => u.OutputTokens).HasColumnName("output_tokens");
        builder.Property(u => u.Requests).HasColumnName("requests");
    }
}
