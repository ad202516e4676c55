using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace VersatileHub.Bench.Chat;

/// <summary>
/// The staff's conversation list (<c>GET /api/v1/accounts/{id}/conversations</c>, Chatwoot's list with its counts, last
/// message and unread count per conversation) as an agent opens it, over an account with 100,000 conversations and
/// 2,000,000 messages, one request at a time through the real Chat and its Hub sign-in.
/// <para>
/// The seed goes straight into chatdb's tables with binary COPY (the messages' secondary indexes dropped meanwhile and
/// rebuilt after, as a bulk load does), then VACUUM ANALYZE, as autovacuum would soon. Its databases have fixed names and
/// are kept: pointed at a PostgreSQL that persists (rather than bench.sh's throwaway one), a later run finds the seed and
/// reuses it.
/// </para>
/// </summary>
internal static class ConversationListBenchmark
{
    private const int Conversations = 100_000;
    private const int MessagesPerConversation = 20;
    private const int Contacts = 60_000;
    private const int Requests = 400;
    private const string HubDatabase = "bench_conversations_hub";
    private const string ChatDatabase = "bench_conversations_chat";

    /// <summary>What the agent asks for: their own open conversations (the inbox's first screen), and every agent's by status.</summary>
    private static readonly string[] Lists =
    [
        "assignee_type=me&status=open",
        "assignee_type=all&status=open",
        "assignee_type=all&status=resolved",
        "assignee_type=unassigned&status=pending",
        "assignee_type=all&status=all&page=3",
    ];

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchServers servers)
    {
        await using var bench = await ChatBench.StartAsync(servers, HubDatabase, ChatDatabase, keepDatabases: true);
        await SeedUnlessPresentAsync(bench);
        using var agent = bench.Agent(1);

        var paths = Lists.Select(list =>
            new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{bench.Account}/conversations?{list}"), UriKind.Relative)).ToList();
        // Warm-up of every list before any is measured, so that no list pays for the JIT's tiers or cold caches.
        for (var i = 0; i < 50; i++)
        {
            foreach (var path in paths)
            {
                await GetAsync(agent, path);
            }
        }

        // The lists take turns, request by request, so that whatever else the machine (or the services' background work) does
        // falls on all of them alike.
        var latencies = paths.Select(_ => new double[Requests]).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < Requests; i++)
        {
            for (var l = 0; l < paths.Count; l++)
            {
                var started = Stopwatch.GetTimestamp();
                await GetAsync(agent, paths[l]);
                latencies[l][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }
        var cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (Requests * paths.Count);
        Console.WriteLine(FormattableString.Invariant($"conversations: {cpuPerRequest:0.0} ms of the bench process's CPU per request"));

        var results = new List<BenchResult>();
        for (var l = 0; l < paths.Count; l++)
        {
            var sorted = latencies[l].Order().ToArray();
            var p95 = Percentiles.Of(sorted, 95);
            results.Add(new BenchResult(
                FormattableString.Invariant($"conversation list ?{Lists[l]}, {Conversations:N0} conversations / {Conversations * MessagesPerConversation:N0} messages (p95 {p95:0.0} ms)"),
                Requests, TimeSpan.FromMilliseconds(sorted.Sum()), Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), "p95 < 50 ms", p95 < 50));
        }
        return results;
    }

    private static async Task GetAsync(HttpClient agent, Uri path)
    {
        using var response = await agent.GetAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task SeedUnlessPresentAsync(ChatBench bench)
    {
        await using var connection = new NpgsqlConnection(bench.ChatConnectionString);
        await connection.OpenAsync();
        if (await ScalarAsync(connection, "SELECT count(*) FROM conversations") == Conversations
            && await ScalarAsync(connection, "SELECT count(*) FROM messages") == (long)Conversations * MessagesPerConversation)
        {
            Console.WriteLine($"conversations: reusing the seed in {ChatDatabase}");
            return;
        }

        var seeding = Stopwatch.StartNew();
        await ExecuteAsync(connection,
            "TRUNCATE inboxes, contacts, contact_inboxes, conversations, messages, attachments, agent_last_seen, outbox RESTART IDENTITY CASCADE");
        int[] inboxes = [await bench.OpenInboxAsync("WhatsApp"), await bench.OpenInboxAsync("Web"), await bench.OpenInboxAsync("Instagram")];
        await SeedAsync(connection, bench.Account, bench.AgentUserId, inboxes);
        foreach (var table in new[] { "contacts", "contact_inboxes", "conversations", "messages", "agent_last_seen" })
        {
            await ExecuteAsync(connection, $"VACUUM ANALYZE {table}");
        }
        Console.WriteLine(FormattableString.Invariant($"conversations: seeded {ChatDatabase} in {seeding.Elapsed.TotalSeconds:0} s"));
    }

    /// <summary>
    /// 60,000 contacts, each reachable in one inbox; 100,000 conversations spread over the last year (most resolved, a fifth
    /// open, some pending or snoozed; a tenth the agent's, half other agents', the rest unassigned), 20 messages each
    /// alternating customer and staff; the agent has seen some of theirs.
    /// </summary>
    private static async Task SeedAsync(NpgsqlConnection connection, int account, int agent, int[] inboxes)
    {
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        string[] texts =
        [
            "Hola, ¿tienen turno para el martes a la tarde?", "Sí, tenemos a las 17 y a las 18:30. ¿Cuál te queda mejor?",
            "¿Cuánto sale la clase de prueba?", "La clase de prueba es sin cargo.", "Hi, do you ship to Córdoba?",
            "Yes, shipping takes 3 to 5 business days.", "¿Tienen zapatillas de punta talle 37?", "Gracias!",
            "Te mando el link de pago por acá.", "Perfecto, nos vemos el sábado",
        ];

        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY contacts (account_id, name, phone_number, created_at, updated_at, last_activity_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var c = 1; c <= Contacts; c++)
            {
                await import.StartRowAsync();
                await import.WriteAsync(account, NpgsqlDbType.Integer);
                await import.WriteAsync($"Cliente {c}", NpgsqlDbType.Varchar);
                await import.WriteAsync(Phone(c), NpgsqlDbType.Varchar);
                await import.WriteAsync(now.AddDays(-400), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY contact_inboxes (account_id, contact_id, inbox_id, source_id) FROM STDIN (FORMAT BINARY)"))
        {
            for (var c = 1; c <= Contacts; c++)
            {
                await import.StartRowAsync();
                await import.WriteAsync(account, NpgsqlDbType.Integer);
                await import.WriteAsync(c, NpgsqlDbType.Integer);
                await import.WriteAsync(inboxes[c % inboxes.Length], NpgsqlDbType.Integer);
                await import.WriteAsync(Phone(c)[1..], NpgsqlDbType.Varchar);
            }
            await import.CompleteAsync();
        }

        // Conversation n belongs to contact (n - 1) % Contacts + 1 (contact_inboxes share the contacts' ids); its last
        // activity is its last message's time.
        var lastActivity = new DateTimeOffset[Conversations + 1];
        var seen = new List<(int Conversation, DateTimeOffset At)>();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY conversations (account_id, display_id, inbox_id, contact_id, contact_inbox_id, status, assignee_id, labels, bot_enabled, " +
            "last_activity_at, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 1; n <= Conversations; n++)
            {
                var contact = (n - 1) % Contacts + 1;
                var roll = random.Next(100);
                var status = roll < 70 ? "Resolved" : roll < 90 ? "Open" : roll < 97 ? "Pending" : "Snoozed";
                var who = random.Next(10);
                int? assignee = who == 0 ? agent : who < 6 ? 1_000 + random.Next(20) : null;
                var last = now.AddMinutes(-random.Next(365 * 24 * 60));
                lastActivity[n] = last;
                if (assignee == agent && random.Next(2) == 0)
                {
                    seen.Add((n, last.AddMinutes(-random.Next(0, 120))));
                }
                await import.StartRowAsync();
                await import.WriteAsync(account, NpgsqlDbType.Integer);
                await import.WriteAsync(n, NpgsqlDbType.Integer);
                await import.WriteAsync(inboxes[contact % inboxes.Length], NpgsqlDbType.Integer);
                await import.WriteAsync(contact, NpgsqlDbType.Integer);
                await import.WriteAsync(contact, NpgsqlDbType.Integer);
                await import.WriteAsync(status, NpgsqlDbType.Varchar);
                if (assignee is { } id)
                {
                    await import.WriteAsync(id, NpgsqlDbType.Integer);
                }
                else
                {
                    await import.WriteNullAsync();
                }
                await import.WriteAsync(random.Next(8) == 0 ? new[] { "ventas" } : [], NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync(assignee is null, NpgsqlDbType.Boolean);
                await import.WriteAsync(last, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(last.AddMinutes(-MessagesPerConversation * 3), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(last, NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }
        // The account's display-id sequence continues after the seeded conversations (it outlives the TRUNCATE above).
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
            $"SELECT vh_create_display_id_sequence({account}), setval(format('conversation_display_ids_%s', {account}), {Conversations})"));

        // A bulk load: the messages' secondary indexes (and the full-text one above all) are built once after the rows are in.
        var indexes = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'messages' AND indexname <> 'pk_messages'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {name}");
        }
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY messages (account_id, inbox_id, conversation_id, content, message_type, content_type, private, sender_type, sender_id, " +
            "sender_name, source_id, status, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 1; n <= Conversations; n++)
            {
                var contact = (n - 1) % Contacts + 1;
                var inbox = inboxes[contact % inboxes.Length];
                for (var m = 0; m < MessagesPerConversation; m++)
                {
                    var incoming = m % 2 == 0;
                    var at = lastActivity[n].AddMinutes(-(MessagesPerConversation - 1 - m) * 3);
                    await import.StartRowAsync();
                    await import.WriteAsync(account, NpgsqlDbType.Integer);
                    await import.WriteAsync(inbox, NpgsqlDbType.Integer);
                    await import.WriteAsync(n, NpgsqlDbType.Integer);
                    await import.WriteAsync(texts[(n + m) % texts.Length], NpgsqlDbType.Text);
                    await import.WriteAsync(incoming ? "Incoming" : "Outgoing", NpgsqlDbType.Varchar);
                    await import.WriteAsync("Text", NpgsqlDbType.Varchar);
                    await import.WriteAsync(false, NpgsqlDbType.Boolean);
                    await import.WriteAsync(incoming ? "Contact" : "User", NpgsqlDbType.Varchar);
                    await import.WriteAsync(incoming ? contact : agent, NpgsqlDbType.Integer);
                    await import.WriteAsync(incoming ? $"Cliente {contact}" : "Agente", NpgsqlDbType.Varchar);
                    await import.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"wamid.{n}.{m}"), NpgsqlDbType.Varchar);
                    await import.WriteAsync(incoming ? "Sent" : "Read", NpgsqlDbType.Varchar);
                    await import.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await import.WriteAsync(at, NpgsqlDbType.TimestampTz);
                }
            }
            await import.CompleteAsync();
        }
        foreach (var (_, definition) in indexes)
        {
            await ExecuteAsync(connection, definition);
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY agent_last_seen (conversation_id, user_id, account_id, seen_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (conversation, at) in seen)
            {
                await import.StartRowAsync();
                await import.WriteAsync(conversation, NpgsqlDbType.Integer);
                await import.WriteAsync(agent, NpgsqlDbType.Integer);
                await import.WriteAsync(account, NpgsqlDbType.Integer);
                await import.WriteAsync(at, NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }
    }

    private static string Phone(int contact) => string.Create(CultureInfo.InvariantCulture, $"+54911{contact:D8}");

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
