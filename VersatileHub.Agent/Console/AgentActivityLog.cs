using Microsoft.EntityFrameworkCore;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Models;
using VersatileHub.Agent.Tools;

namespace VersatileHub.Agent.Console;

/// <summary>What the tenant's agent did lately: its latest tool calls and the tokens it spent per day and model.</summary>
internal sealed record AgentActivity(IReadOnlyList<ToolCallRecord> ToolCalls, IReadOnlyList<TokenUsage> TokenUsage);

internal sealed class AgentActivityLog(AgentDbContext db, TimeProvider time)
{
    public const int LatestToolCalls = 50;
    /// <summary>Token usage is shown for the last this many days.</summary>
    public const int Days = 31;

    public async Task<AgentActivity> LatestAsync(CancellationToken cancellationToken)
    {
        var calls = await db.Set<ToolCallRecord>().AsNoTracking().OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Take(LatestToolCalls).ToListAsync(cancellationToken);
        var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-Days);
        var usage = await db.Set<TokenUsage>().AsNoTracking().Where(u => u.Day > since).OrderByDescending(u => u.Day).ThenBy(u => u.Model)
            .ToListAsync(cancellationToken);
        return new AgentActivity(calls, usage);
    }
}
