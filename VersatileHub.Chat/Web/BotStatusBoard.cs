using System.Collections.Concurrent;
using System.Text.Json;

namespace VersatileHub.Chat.Web;

/// <summary>
/// Each account's bot status, as the inbox banner shows it: asked of the Agent at most once per <see cref="Freshness"/>
/// per account, however many members have the inbox open. A failed read is not kept, so the next page asks again.
/// </summary>
internal sealed class BotStatusBoard(AiAgentClient agent, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, (BotStatus Status, DateTimeOffset ReadAt)> _known = new();

    /// <summary>The account's bot status, or null when the Agent cannot say now.</summary>
    public async Task<BotStatus?> ForAsync(int accountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(accountId, out var known) && now - known.ReadAt < Freshness)
        {
            return known.Status;
        }
        try
        {
            var status = await agent.ReadBotStatusAsync(accountId, cancellationToken);
            _known[accountId] = (status, now);
            return status;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            _known.TryRemove(accountId, out _);
            return null;
        }
    }
}
