using System.Globalization;
using Npgsql;
using StackExchange.Redis;

namespace VersatileHub.Bench.Suite;

/// <summary>One check of the fault run: what was expected, what was found, and the first offending items.</summary>
internal sealed record FaultCheck(string Name, bool Passed, string Found, IReadOnlyList<string> Examples);

/// <summary>
/// What must hold after the faults, read from where it lives: Chat's database (by provider message id), the fake
/// provider's record (by the gateway's <c>externalId</c>), and the Redis Streams (consumer groups' pending and unread
/// entries, parked events with their errors), plus every service's outbox.
/// </summary>
internal sealed class FaultChecks(SuiteProcesses suite, SuiteTenant tenant, FakeYCloud ycloud, IConnectionMultiplexer redis)
{
    private const int ExampleCount = 8;

    /// <param name="sentWamids">The provider message id of every webhook the gateway acknowledged.</param>
    /// <param name="unacknowledged">Webhooks the gateway never acknowledged (the provider gave up on them).</param>
    public async Task<IReadOnlyList<FaultCheck>> RunAsync(IReadOnlyCollection<string> sentWamids, IReadOnlyCollection<string> unacknowledged)
    {
        await using var chat = new NpgsqlConnection(suite.ConnectionString("chatdb"));
        await chat.OpenAsync();
        return
        [
            Acknowledged(unacknowledged),
            await InboundOnceAsync(chat, sentWamids),
            await RepliesOnceAsync(chat),
            await EveryConversationAnsweredAsync(chat),
            await NoTurnAnsweredTwiceAsync(chat),
            await OutboxesEmptyAsync(),
            await StreamsHandledAsync(),
            await ParkedAsync(),
        ];
    }

    private static FaultCheck Acknowledged(IReadOnlyCollection<string> unacknowledged) => new(
        "every webhook acknowledged by the gateway (the provider redelivers until it is)",
        unacknowledged.Count == 0,
        unacknowledged.Count == 0 ? "all" : $"{unacknowledged.Count} never acknowledged",
        [.. unacknowledged.Take(ExampleCount)]);

    /// <summary>Each acknowledged provider message id is one message in Chat: none missing, none twice.</summary>
    private async Task<FaultCheck> InboundOnceAsync(NpgsqlConnection chat, IReadOnlyCollection<string> sentWamids)
    {
        var stored = new Dictionary<string, long>();
        await using (var command = new NpgsqlCommand(
            "SELECT source_id, count(*) FROM messages WHERE inbox_id = @inbox AND message_type = 'Incoming' AND source_id IS NOT NULL GROUP BY source_id", chat))
        {
            command.Parameters.AddWithValue("inbox", tenant.Inbox);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        var missing = sentWamids.Where(w => !stored.ContainsKey(w)).ToList();
        var twice = stored.Where(s => s.Value > 1).Select(s => $"{s.Key} ×{s.Value}").ToList();
        var unknown = stored.Keys.Where(k => !sentWamids.Contains(k)).ToList();
        return new FaultCheck(
            "every inbound message stored exactly once in Chat (by provider message id)",
            missing.Count == 0 && twice.Count == 0,
            string.Create(CultureInfo.InvariantCulture,
                $"{sentWamids.Count} acknowledged, {stored.Count} stored, {missing.Count} missing, {twice.Count} stored more than once, {unknown.Count} not sent by the run"),
            [.. missing.Take(ExampleCount).Select(m => "missing " + m), .. twice.Take(ExampleCount).Select(t => "twice " + t)]);
    }

    /// <summary>Each of the bot's messages in Chat reached the provider exactly once, and the provider got nothing else.</summary>
    private async Task<FaultCheck> RepliesOnceAsync(NpgsqlConnection chat)
    {
        var replies = new List<(long Id, string Status, string? Error)>();
        await using (var command = new NpgsqlCommand(
            "SELECT id, status, external_error FROM messages WHERE inbox_id = @inbox AND message_type = 'Outgoing' AND sender_type = 'Bot' AND NOT private", chat))
        {
            command.Parameters.AddWithValue("inbox", tenant.Inbox);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                replies.Add((reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        var delivered = ycloud.ByExternalId;
        var notDelivered = replies.Where(r => !delivered.ContainsKey(ExternalId(r.Id))).ToList();
        var twice = replies.Where(r => delivered.TryGetValue(ExternalId(r.Id), out var count) && count > 1).ToList();
        var known = replies.Select(r => ExternalId(r.Id)).ToHashSet();
        var strangers = delivered.Keys.Where(k => !known.Contains(k)).ToList();
        return new FaultCheck(
            "every bot reply delivered exactly once at the provider (by externalId)",
            notDelivered.Count == 0 && twice.Count == 0 && strangers.Count == 0,
            string.Create(CultureInfo.InvariantCulture,
                $"{replies.Count} bot replies in Chat, {replies.Count - notDelivered.Count} delivered, {notDelivered.Count} not delivered, {twice.Count} delivered more than once, {strangers.Count} deliveries of no reply in Chat"),
            [.. notDelivered.Take(ExampleCount).Select(r => $"message {r.Id} not delivered ({r.Status}{(r.Error is null ? "" : ": " + r.Error)})"),
             .. twice.Take(ExampleCount).Select(r => $"message {r.Id} delivered ×{delivered[ExternalId(r.Id)]}"),
             .. strangers.Take(ExampleCount).Select(s => $"{s} delivered, no such reply in Chat")]);
    }

    /// <summary>A conversation's last customer message is followed by a reply of the bot, or the conversation went to a human.</summary>
    private async Task<FaultCheck> EveryConversationAnsweredAsync(NpgsqlConnection chat)
    {
        long conversations, handedOff;
        await using (var count = new NpgsqlCommand(
            "SELECT count(*), count(*) FILTER (WHERE human_override_until IS NOT NULL OR handoff_reason IS NOT NULL) FROM conversations WHERE inbox_id = @inbox", chat))
        {
            count.Parameters.AddWithValue("inbox", tenant.Inbox);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            (conversations, handedOff) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var unanswered = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT c.display_id, last_in.at
            FROM conversations c
            CROSS JOIN LATERAL (SELECT max(m.id) AS id, max(m.created_at) AS at FROM messages m WHERE m.conversation_id = c.id AND m.message_type = 'Incoming') last_in
            WHERE c.inbox_id = @inbox AND c.human_override_until IS NULL AND c.handoff_reason IS NULL AND last_in.id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = c.id AND r.message_type = 'Outgoing' AND r.id > last_in.id)
            ORDER BY c.display_id
            """, chat))
        {
            command.Parameters.AddWithValue("inbox", tenant.Inbox);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                unanswered.Add(string.Create(CultureInfo.InvariantCulture, $"conversation {reader.GetInt32(0)} (last customer message {reader.GetFieldValue<DateTimeOffset>(1):HH:mm:ss.fff})"));
            }
        }
        return new FaultCheck(
            "no conversation left without a reply after its last customer message, or a handoff",
            unanswered.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{conversations} conversations, {handedOff} handed off, {unanswered.Count} left unanswered"),
            [.. unanswered.Take(ExampleCount)]);
    }

    /// <summary>The bot never answers one customer turn twice: no bot reply follows another with no customer message between them.</summary>
    private async Task<FaultCheck> NoTurnAnsweredTwiceAsync(NpgsqlConnection chat)
    {
        var twice = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT display_id, id FROM (
              SELECT c.display_id, m.id, m.message_type, m.sender_type,
                     lag(m.message_type) OVER (PARTITION BY m.conversation_id ORDER BY m.id) AS previous_type,
                     lag(m.sender_type) OVER (PARTITION BY m.conversation_id ORDER BY m.id) AS previous_sender
              FROM messages m JOIN conversations c ON c.id = m.conversation_id
              WHERE m.inbox_id = @inbox AND NOT m.private AND m.message_type IN ('Incoming', 'Outgoing')) ordered
            WHERE message_type = 'Outgoing' AND sender_type = 'Bot' AND previous_type = 'Outgoing' AND previous_sender = 'Bot'
            ORDER BY display_id, id
            """, chat))
        {
            command.Parameters.AddWithValue("inbox", tenant.Inbox);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                twice.Add(string.Create(CultureInfo.InvariantCulture, $"conversation {reader.GetInt32(0)}: reply {reader.GetInt64(1)} follows another bot reply"));
            }
        }
        return new FaultCheck("no customer turn answered twice (no bot reply right after another)", twice.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{twice.Count} second replies"), [.. twice.Take(ExampleCount)]);
    }

    /// <summary>Every service's outbox is empty: each event written with its change reached its stream.</summary>
    private async Task<FaultCheck> OutboxesEmptyAsync()
    {
        var left = new List<string>();
        foreach (var database in new[] { "hubdb", "chatdb", "agentdb", "flowdb" })
        {
            await using var connection = new NpgsqlConnection(suite.ConnectionString(database));
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT to_regclass('outbox') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                continue;
            }
            await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox", connection);
            if ((long)(await count.ExecuteScalarAsync())! is var rows and > 0)
            {
                left.Add(string.Create(CultureInfo.InvariantCulture, $"{database}: {rows} events not relayed"));
            }
        }
        return new FaultCheck("every outbox relayed (no event left in a service's outbox table)", left.Count == 0,
            left.Count == 0 ? "all empty" : string.Join("; ", left), left);
    }

    /// <summary>Every consumer group of every stream (events and the gateway's inbound queue) has read everything and has nothing pending.</summary>
    private async Task<FaultCheck> StreamsHandledAsync()
    {
        var db = redis.GetDatabase();
        var stuck = new List<string>();
        var streams = 0;
        foreach (var stream in await StreamsAsync())
        {
            if (stream.Contains("parked", StringComparison.Ordinal))
            {
                continue;
            }
            streams++;
            var info = await db.StreamInfoAsync(stream);
            foreach (var group in await db.StreamGroupInfoAsync(stream))
            {
                var unread = StreamId.Compare(info.LastGeneratedId, group.LastDeliveredId) > 0;
                if (group.PendingMessageCount > 0 || unread)
                {
                    stuck.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{stream} group {group.Name}: {group.PendingMessageCount} pending{(unread ? $", unread after {group.LastDeliveredId} (last {info.LastGeneratedId})" : "")}"));
                }
            }
        }
        return new FaultCheck("no event stuck unhandled (every consumer group of every stream: nothing pending, nothing unread)", stuck.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{streams} streams, {stuck.Count} groups with work left"), [.. stuck.Take(ExampleCount)]);
    }

    /// <summary>Parked (poison) items are allowed, each with its error; listed so that a reader sees why.</summary>
    private async Task<FaultCheck> ParkedAsync()
    {
        var db = redis.GetDatabase();
        var parked = new List<string>();
        var withoutError = 0;
        foreach (var stream in (await StreamsAsync()).Where(s => s.Contains("parked", StringComparison.Ordinal)))
        {
            foreach (var entry in await db.StreamRangeAsync(stream))
            {
                var fields = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
                var error = fields.GetValueOrDefault("error") ?? fields.GetValueOrDefault("reason");
                if (string.IsNullOrWhiteSpace(error))
                {
                    withoutError++;
                }
                parked.Add($"{stream} {entry.Id}: {string.Join(", ", fields.Where(f => f.Key != "event" && f.Key != "item").Select(f => $"{f.Key}={Shorten(f.Value)}"))}");
            }
        }
        return new FaultCheck("parked poison items each carry their error", withoutError == 0,
            string.Create(CultureInfo.InvariantCulture, $"{parked.Count} parked, {withoutError} without an error"), [.. parked.Take(ExampleCount)]);
    }

    private async Task<IReadOnlyList<string>> StreamsAsync()
    {
        var server = redis.GetServers().First();
        var db = redis.GetDatabase();
        var streams = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: suite.KeyPrefix + "*", pageSize: 1000))
        {
            if (await db.KeyTypeAsync(key) == RedisType.Stream)
            {
                streams.Add(key.ToString());
            }
        }
        return streams;
    }

    private static string ExternalId(long messageId) => string.Create(CultureInfo.InvariantCulture, $"vh-{messageId}");

    private static string Shorten(string value) => value.Length > 200 ? value[..200] + "…" : value;
}

/// <summary>Redis stream ids (<c>ms-seq</c>) in order.</summary>
internal static class StreamId
{
    public static int Compare(RedisValue left, RedisValue right)
    {
        var (lm, ls) = Parse(left);
        var (rm, rs) = Parse(right);
        return lm != rm ? lm.CompareTo(rm) : ls.CompareTo(rs);
    }

    private static (long Ms, long Seq) Parse(RedisValue id)
    {
        var text = id.IsNullOrEmpty ? "0-0" : id.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (long.Parse(text, CultureInfo.InvariantCulture), 0)
            : (long.Parse(text[..dash], CultureInfo.InvariantCulture), long.Parse(text[(dash + 1)..], CultureInfo.InvariantCulture));
    }
}
