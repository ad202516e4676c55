using System.Globalization;
using VersatileHub.Bench;
using VersatileHub.Bench.Agent;
using VersatileHub.Bench.Agenda;
using VersatileHub.Bench.Catalog;
using VersatileHub.Bench.Chat;
using VersatileHub.Bench.EventBus;
using VersatileHub.Bench.WhatsApp;

// Speed and memory targets are checked here, never by timed tests. Figures go to docs/BENCHMARKS.md.
// The load generator shares this process with the code under test; enough threads up front so that its bursts of
// concurrent "requests" are not measured as the thread pool's ramp-up.
ThreadPool.SetMinThreads(32, 32);

var servers = BenchServers.FromEnvironment();
var results = new List<BenchResult>();

// `./bench.sh eventbus`, `catalog`, `availability`, `booking`, `fanout`, `ingest`, `conversations` or `agent` runs one group; no
// argument runs all.
var only = args.FirstOrDefault();
if (only == "faults")
{
    // `./bench.sh faults [scale]`: the fault run (docs/RELIABILITY.md), a correctness run with its own exit code.
    return await VersatileHub.Bench.Suite.FaultRun.RunAsync(servers, args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1, Console.Out);
}
if (only is null or "eventbus")
{
    results.Add(await EventBusBenchmark.SustainedThroughputAsync(servers, events: 50_000));
    results.Add(await EventBusBenchmark.LatencyAtRateAsync(servers, eventsPerSecond: 1_000, duration: TimeSpan.FromSeconds(15)));
}
if (only is null or "catalog")
{
    results.Add(await CatalogSearchBenchmark.RunAsync(servers));
}
if (only is null or "availability")
{
    results.Add(await AvailabilityBenchmark.RunAsync(servers));
}
if (only is null or "booking")
{
    results.Add(await BookingContentionBenchmark.RunAsync(servers));
}

if (only is null or "fanout")
{
    results.Add(await LiveFanOutBenchmark.RunAsync(servers));
}
if (only is null or "ingest")
{
    // `./bench.sh ingest 200 5`: a short run of 200 contacts × 5 messages, to try a change without the full run.
    results.Add(args.Length >= 3
        ? await ChannelIngestBenchmark.RunAsync(servers, contacts: int.Parse(args[1], CultureInfo.InvariantCulture), messagesPerContact: int.Parse(args[2], CultureInfo.InvariantCulture))
        : await ChannelIngestBenchmark.RunAsync(servers));
}
if (only is null or "conversations")
{
    results.AddRange(await ConversationListBenchmark.RunAsync(servers));
}
if (only is null or "whatsapp")
{
    results.AddRange(await WhatsAppGatewayBenchmark.RunAsync(servers));
}
if (only is null or "agent")
{
    results.Add(await BotLoopBenchmark.RunAsync(servers));
}
if (only is null or "flow")
{
    // `./bench.sh flow 0.1` scales the group's run counts down, to prove it works without a long run.
    results.AddRange(await VersatileHub.Bench.Flow.FlowBenchmarks.RunAsync(servers, args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1));
}

if (only is null or "suite")
{
    // `./bench.sh suite 0.25` shortens each rate's 20 s, to prove it works without the full run.
    results.AddRange(await VersatileHub.Bench.Suite.SuiteBenchmark.RunAsync(servers, args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1));
}

ResultTable.Print(results, Console.Out);
return 0;
