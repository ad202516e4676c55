using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.WhatsApp.Outbound;

/// <summary>Where a message's one send stands.</summary>
internal abstract record SendState
{
    /// <summary>This replica holds the send now.</summary>
    public sealed record Claimed : SendState;

    /// <summary>Another replica is sending it (its lease is alive).</summary>
    public sealed record Busy : SendState;

    /// <summary>An attempt began and its replica vanished: the provider may have it, so it is never sent again.</summary>
    public sealed record Interrupted : SendState;

    public sealed record Sent(string ProviderId) : SendState;

    public sealed record Failed(string Reason) : SendState;
}

/// <summary>
/// The record that makes a message go out once, ever: claimed in Redis (<c>sending</c>), marked <c>attempting</c> just
/// before the first request to the provider, kept alive by a lease while attempts go on, and holding the outcome
/// afterwards, so a redelivered event or a restarted gateway only repeats the report to Chat, never the send. A claim
/// whose replica vanished before any attempt is taken again (nothing can have reached the provider); one that vanished
/// after is interrupted.
/// </summary>
internal sealed class SendLedger(IConnectionMultiplexer redis, InboundQueue queue, IOptions<WhatsAppOptions> options)
{
    private static readonly TimeSpan Remembered = TimeSpan.FromDays(30);

    private const string ClaimScript = """
        local state = redis.call('GET', KEYS[1])
        if not state then
          redis.call('SET', KEYS[1], 'sending', 'PX', ARGV[2])
          redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
          return 'claimed'
        end
        if state == 'sending' or state == 'attempting' then
          if redis.call('EXISTS', KEYS[2]) == 1 then return 'busy' end
          if state == 'attempting' then return 'interrupted' end
          redis.call('SET', KEYS[1], 'sending', 'PX', ARGV[2])
          redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
          return 'claimed'
        end
        return state
        """;

    public async Task<SendState> ClaimAsync(int account, long messageId, int part)
    {
        var state = (string?)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [Record(account, messageId, part), Lease(account, messageId, part)],
            [(long)options.Value.SendLease.TotalMilliseconds, (long)Remembered.TotalMilliseconds]);
        return state switch
        {
            "claimed" => new SendState.Claimed(),
            "busy" => new SendState.Busy(),
            "interrupted" => new SendState.Interrupted(),
            { } s when s.StartsWith("sent:", StringComparison.Ordinal) => new SendState.Sent(s[5..]),
            { } s when s.StartsWith("failed:", StringComparison.Ordinal) => new SendState.Failed(s[7..]),
            _ => throw new InvalidOperationException($"Unknown send state '{state}'."),
        };
    }

    /// <summary>From here on the provider may get the message: should this replica vanish, the send is interrupted, never repeated.</summary>
    public Task BeginAttemptsAsync(int account, long messageId, int part) =>
        redis.GetDatabase().StringSetAsync(Record(account, messageId, part), "attempting", Remembered);

    /// <summary>Keeps the claim this replica's while it waits between attempts.</summary>
    public Task RenewAsync(int account, long messageId, int part, TimeSpan atLeast) =>
        redis.GetDatabase().StringSetAsync(Lease(account, messageId, part), "1", Max(options.Value.SendLease, atLeast + options.Value.SendLease));

    public Task SentAsync(int account, long messageId, int part, string providerId) => CompleteAsync(account, messageId, part, "sent:" + providerId);

    public Task FailedAsync(int account, long messageId, int part, string reason) => CompleteAsync(account, messageId, part, "failed:" + reason);

    /// <summary>Nothing reached the provider: the claim is given up and a later delivery of the event sends.</summary>
    public Task ReleaseAsync(int account, long messageId, int part) =>
        redis.GetDatabase().KeyDeleteAsync([Record(account, messageId, part), Lease(account, messageId, part)]);

    /// <summary>
    /// Remembers that a later part's provider id belongs to the message Chat knows by its first part's id, so that the
    /// later part's status reports reach the message.
    /// </summary>
    public Task PartOfAsync(int account, int inbox, string partProviderId, string messageProviderId) =>
        redis.GetDatabase().StringSetAsync(PartKey(account, inbox, partProviderId), messageProviderId, Remembered);

    /// <summary>The provider id Chat knows the message by, when <paramref name="providerId"/> is a later part's.</summary>
    public async Task<string?> MessageOfPartAsync(int account, int inbox, string providerId) =>
        await redis.GetDatabase().StringGetAsync(PartKey(account, inbox, providerId));

    private async Task CompleteAsync(int account, long messageId, int part, string state)
    {
        var database = redis.GetDatabase();
        await database.StringSetAsync(Record(account, messageId, part), state, Remembered);
        await database.KeyDeleteAsync(Lease(account, messageId, part));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // The first part keeps the key a message had before messages had parts, so records written then still count.
    private RedisKey Record(int account, long messageId, int part) => queue.KeyPrefix + (part == 0
        ? string.Create(CultureInfo.InvariantCulture, $"send:{account}:{messageId}")
        : string.Create(CultureInfo.InvariantCulture, $"send:{account}:{messageId}:{part}"));

    private RedisKey Lease(int account, long messageId, int part) => queue.KeyPrefix + (part == 0
        ? string.Create(CultureInfo.InvariantCulture, $"send-lease:{account}:{messageId}")
        : string.Create(CultureInfo.InvariantCulture, $"send-lease:{account}:{messageId}:{part}"));

    private RedisKey PartKey(int account, int inbox, string providerId) =>
        queue.KeyPrefix + string.Create(CultureInfo.InvariantCulture, $"part-of:{account}:{inbox}:{providerId}");
}
