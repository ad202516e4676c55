using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Tools;

/// <summary>One call of a tool by the model: which, with what, how much came back, how long it took, how it ended.</summary>
public sealed class ToolCallRecord : ITenantOwned
{
    public const int MaxArgumentsLength = 4_000;

    private ToolCallRecord()
    {
    }

    public long Id { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>Chat's conversation id (not the display id), when the turn answered a conversation.</summary>
    public int? ConversationId { get; private set; }

    public string Tool { get; private set; } = "";

    /// <summary>The arguments as JSON, cut at <see cref="MaxArgumentsLength"/>.</summary>
    public string Arguments { get; private set; } = "{}";

    /// <summary>Characters of the result handed back to the model.</summary>
    public int ResultSize { get; private set; }

    public long DurationMs { get; private set; }

    /// <summary><c>ok</c>, <c>failed</c> or <c>timeout</c>.</summary>
    public string Status { get; private set; } = "ok";

    public DateTimeOffset At { get; private set; }

    public static ToolCallRecord Of(int tenantId, int? conversationId, string tool, string arguments, int resultSize, TimeSpan duration, string status, DateTimeOffset at) => new()
    {
        TenantId = tenantId,
        ConversationId = conversationId,
        Tool = tool,
        Arguments = arguments.Length > MaxArgumentsLength ? arguments[..MaxArgumentsLength] : arguments,
        ResultSize = resultSize,
        DurationMs = (long)duration.TotalMilliseconds,
        Status = status,
        At = at,
    };
}

internal sealed class ToolCallRecordConfiguration : IEntityTypeConfiguration<ToolCallRecord>
{
    public void Configure(EntityTypeBuilder<ToolCallRecord> builder)
    {
        builder.ToTable("tool_calls");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Tool).HasMaxLength(100);
        builder.Property(c => c.Arguments).HasMaxLength(ToolCallRecord.MaxArgumentsLength);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.HasIndex(c => new { c.TenantId, c.At });
    }
}
