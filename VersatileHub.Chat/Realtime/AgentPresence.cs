using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Realtime;

public sealed class PresenceOptions
{
    public const string Section = "Presence";

    /// <summary>How long a connection stays online without a heartbeat: a crashed replica's agents go offline after it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often each replica renews its own connections; well under <see cref="TimeToLive"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:20:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Who is online in which inbox, agreed by every replica: per inbox a Redis sorted set of <c>user:connection</c> scored by
/// when the entry expires. Each replica renews its own connections' entries every <see cref="PresenceOptions.Heartbeat"/>,
/// so the entries of a replica that crashed simply lapse; readers ignore lapsed entries and prune them.
/// </summary>
internal sealed partial class AgentPresence(
    IConnectionMultiplexer redis, IOptions<EventBusOptions> bus, IOptions<PresenceOptions> options, TimeProvider time,
    ILogger<AgentPresence> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(int Account, int Inbox, int User, string Connection), byte> _mine = new();

    /// <summary>A person's connection on this replica joined an inbox: they are online in it.</summary>
    public async Task JoinedAsync(int accountId, int inboxId, int userId, string connectionId, CancellationToken cancellationToken)
    {
        _mine[(accountId, inboxId, userId, connectionId)] = 0;
        await redis.GetDatabase().SortedSetAddAsync(Key(accountId, inboxId), Entry(userId, connectionId), ExpiryScore()).WaitAsync(cancellationToken);
    }

    public async Task LeftInboxAsync(int accountId, int inboxId, int userId, string connectionId, CancellationToken cancellationToken)
    {
        _mine.TryRemove((accountId, inboxId, userId, connectionId), out _);
        await redis.GetDatabase().SortedSetRemoveAsync(Key(accountId, inboxId), Entry(userId, connectionId)).WaitAsync(cancellationToken);
    }

    /// <summary>The connection closed: it leaves every inbox it had joined.</summary>
    public async Task LeftAsync(int accountId, int userId, string connectionId, CancellationToken cancellationToken)
    {
        foreach (var entry in _mine.Keys.Where(k => k.Account == accountId && k.User == userId && k.Connection == connectionId))
        {
            await LeftInboxAsync(accountId, entry.Inbox, userId, connectionId, cancellationToken);
        }
    }

    /// <summary>The people online in the inbox now, on any replica.</summary>
    public async Task<IReadOnlySet<int>> OnlineAsync(int accountId, int inboxId, CancellationToken cancellationToken)
    {
        var key = Key(accountId, inboxId);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var database = redis.GetDatabase();
        await database.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, now).WaitAsync(cancellationToken);
        var entries = await database.SortedSetRangeByScoreAsync(key, now, double.PositiveInfinity, Exclude.Start).WaitAsync(cancellationToken);
        return entries.Select(e => int.Parse(((string)e!).Split(':')[0], CultureInfo.InvariantCulture)).ToHashSet();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.Heartbeat, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await RenewAsync();
            }
            catch (RedisException exception)
            {
                // The next heartbeat tries again; until the entries lapse the agents stay online.
                LogRenewFailed(exception);
            }
        }
    }

    /// <summary>Pushes this replica's entries' expiry forward.</summary>
    internal async Task RenewAsync()
    {
        var score = ExpiryScore();
        var database = redis.GetDatabase();
        await Task.WhenAll(_mine.Keys.Select(k => database.SortedSetAddAsync(Key(k.Account, k.Inbox), Entry(k.User, k.Connection), score)));
    }

    private double ExpiryScore() => (time.GetUtcNow() + options.Value.TimeToLive).ToUnixTimeMilliseconds();

    private RedisKey Key(int accountId, int inboxId) => $"{bus.Value.KeyPrefix}chat:presence:{accountId}:{inboxId}";

    private static RedisValue Entry(int userId, string connectionId) => $"{userId.ToString(CultureInfo.InvariantCulture)}:{connectionId}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "This replica's presence entries could not be renewed")]
    private partial void LogRenewFailed(Exception exception);
}
