using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// Executes one run: nodes in n8n's order (depth first, each branch to its end before the next), every node's step kept
/// with its input, output, error, tries and timings. Steps are written in batches: a pure node's step waits for the next
/// write, an action's step is committed before the run goes on, so a resumed run replays what was recorded and never
/// repeats an action that completed. Retries back off; a Wait pauses the run durably; a failure goes to
/// <see cref="RunFailures"/>.
/// </summary>
internal sealed class RunExecutor(
    IServiceScopeFactory scopes,
    NodeRegistry registry,
    HistoryWriter writer,
    RunFailures failures,
    LeaseKeeper leases,
    WorkerIdentity worker,
    FlowMetrics metrics,
    IOptions<EngineOptions> engineOptions,
    IOptions<ScriptLimits> scriptLimits,
    TimeProvider clock)
{
    private readonly EngineOptions _options = engineOptions.Value;
    private readonly NodeRegistry _registry = registry;
    private readonly HistoryWriter _writer = writer;
    private readonly RunFailures _failures = failures;
    private readonly WorkerIdentity _worker = worker;
    private readonly TimeProvider _clock = clock;

    public async Task<RunResult> ExecuteAsync(RunJob job, CancellationToken cancellationToken)
    {
        leases.Hold(job.Id);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(job.TenantId);
            var progress = new Progress(job, this);
            VariableSet variables;
            try
            {
                variables = job.Workflow.ReadsVariables
                    ? await VariableSet.LoadAsync(
                        scope.ServiceProvider.GetRequiredService<FlowDbContext>(),
                        scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>(),
                        cancellationToken)
                    : VariableSet.Empty;
            }
            catch (InvalidOperationException unreadable)
            {
                metrics.RunEnded(RunStatus.Failed);
                return await progress.FailAsync(job.TriggerNode, unreadable.Message, VariableSet.Empty);
            }
            var context = scope.ServiceProvider.GetRequiredService<RunContext>();
            context.Expressions = new ExpressionScope(
                new RunFacts(job.Id, job.Workflow.Id, job.Workflow.Name, job.TriggerItems, variables, _clock, job.Workflow.TimeZone),
                scriptLimits.Value);
            try
            {
                var result = await progress.RunAsync(scope.ServiceProvider, context, variables, cancellationToken);
                metrics.RunEnded(result.Status);
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The replica is stopping: keep what is done and hand the run back to the queue for another to resume.
                await progress.ReleaseAsync();
                throw;
            }
        }
        finally
        {
            leases.Drop(job.Id);
        }
    }

    /// <summary>One run's walk through its workflow and the history it has not written yet.</summary>
    private sealed class Progress(RunJob job, RunExecutor executor)
    {
        private readonly List<StepRecord> _pending = [];
        private readonly Dictionary<int, StepRecord> _prior = job.Prior.ToDictionary(s => s.Sequence);
        private int _sequence;

        private TimeProvider Clock => executor._clock;

        public async Task<RunResult> RunAsync(IServiceProvider services, RunContext context, VariableSet variables, CancellationToken cancellationToken)
        {
            var definition = job.Workflow.Definition;
            var expressions = context.Expressions;
            var stack = new Stack<(string Node, IReadOnlyList<JsonObject> Items)>();
            stack.Push((job.TriggerNode, job.TriggerItems));
            IReadOnlyList<JsonObject> lastItems = [];
            while (stack.TryPop(out var next))
            {
                var node = definition.Node(next.Node);
                if (node is null)
                {
                    return await FailAsync(next.Node, $"The node {next.Node} is not in version {job.Workflow.Version} of the workflow.", variables);
                }
                IReadOnlyList<IReadOnlyList<JsonObject>> outputs;
                if (node.Disabled)
                {
                    outputs = [next.Items];
                }
                else
                {
                    if (++_sequence > executor._options.MaxStepsPerRun)
                    {
                        return await FailAsync(node.Name, $"The run went over {executor._options.MaxStepsPerRun} steps; do the connections loop?", variables);
                    }
                    var recorded = _prior.GetValueOrDefault(_sequence);
                    if (recorded is not null && recorded.NodeName != node.Name)
                    {
                        return await FailAsync(node.Name, $"Step {_sequence} was recorded for {recorded.NodeName}, not {node.Name}; the run cannot resume.", variables);
                    }
                    if (recorded is { Status: StepStatus.Succeeded, Output: { } done })
                    {
                        outputs = ItemsJson.ReadOutputs(done);
                    }
                    else if (recorded is { Status: StepStatus.Waiting })
                    {
                        // The run was taken because its Wait is over: the node completes with the items it held.
                        outputs = ItemsJson.ReadOutputs(recorded.Output ?? "[[]]");
                        _pending.Add(recorded with { Status = StepStatus.Succeeded, FinishedAt = Clock.GetUtcNow() });
                    }
                    else
                    {
                        var type = executor._registry.Find(node.Type);
                        if (type is null)
                        {
                            return await FailAsync(node.Name, $"The node type {node.Type} is not known to this version of Flow.", variables);
                        }
                        var attemptsBefore = recorded?.Attempts ?? 0;
                        var started = Clock.GetUtcNow();
                        var (outcome, failure, attempts) = await ExecuteNodeAsync(type, node, next.Items, services, expressions, attemptsBefore, cancellationToken);
                        var input = variables.Mask(ItemsJson.Write(next.Items));
                        if (failure is not null)
                        {
                            var error = variables.Mask(failure);
                            if (!node.ContinueOnFail)
                            {
                                _pending.Add(new StepRecord(job.Id, job.TenantId, _sequence, node.Name, StepStatus.Failed, input, null, error, attempts, started, Clock.GetUtcNow()));
                                return await FailAsync(node.Name, error, variables);
                            }
                            outputs = [[.. next.Items.Select(item => WithError(item, error))]];
                            _pending.Add(new StepRecord(job.Id, job.TenantId, _sequence, node.Name, StepStatus.Failed, input,
                                variables.Mask(ItemsJson.WriteOutputs(outputs)), error, attempts, started, Clock.GetUtcNow()));
                        }
                        else if (outcome is NodeOutcome.Waiting waiting)
                        {
                            _pending.Add(new StepRecord(job.Id, job.TenantId, _sequence, node.Name, StepStatus.Waiting, input,
                                ItemsJson.WriteOutputs([waiting.Items]), null, attempts, started, null));
                            await FlushAsync(RunStatus.Waiting, waiting.ResumeAt);
                            return new RunResult(job.Id, RunStatus.Waiting, waiting.Items, context.Reply, null, null);
                        }
                        else
                        {
                            outputs = ((NodeOutcome.Completed)outcome!).Outputs;
                            _pending.Add(new StepRecord(job.Id, job.TenantId, _sequence, node.Name, StepStatus.Succeeded, input,
                                variables.Mask(ItemsJson.WriteOutputs(outputs)), null, attempts, started, Clock.GetUtcNow()));
                        }
                        if (type.Kind == NodeKind.Action)
                        {
                            // Committed before the run goes on: a crash from here on resumes after this action, never repeating it.
                            await FlushAsync(RunStatus.Running, null);
                        }
                    }
                }
                lastItems = outputs.Count == 1 ? outputs[0] : [.. outputs.SelectMany(o => o)];
                expressions.SetNodeOutput(node.Name, lastItems);
                for (var output = outputs.Count - 1; output >= 0; output--)
                {
                    if (outputs[output].Count == 0)
                    {
                        continue;
                    }
                    var targets = definition.Next(node.Name, output);
                    for (var i = targets.Count - 1; i >= 0; i--)
                    {
                        stack.Push((targets[i].Node, outputs[output]));
                    }
                }
            }
            await FlushAsync(RunStatus.Succeeded, null);
            return new RunResult(job.Id, RunStatus.Succeeded, lastItems, context.Reply, null, null);
        }

        private async Task<(NodeOutcome? Outcome, string? Failure, int Attempts)> ExecuteNodeAsync(
            INodeType type, WorkflowNode node, IReadOnlyList<JsonObject> items, IServiceProvider services, ExpressionScope expressions,
            int attemptsBefore, CancellationToken cancellationToken)
        {
            var execution = new NodeExecution(node, items, job.TenantId, job.Workflow.Id, job.Id, $"{job.Id:N}-{_sequence}", services,
                (raw, item) => expressions.Evaluate(raw, items, item));
            var tries = node.RetryOnFail ? Math.Max(1, node.MaxTries) : 1;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return (await type.ExecuteAsync(execution, cancellationToken), null, attemptsBefore + attempt);
                }
                catch (Exception error) when (!(error is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    if (attempt >= tries)
                    {
                        return (null, error.Message, attemptsBefore + attempt);
                    }
                    var delay = TimeSpan.FromMilliseconds(Math.Max(0, node.WaitBetweenTries) * Math.Pow(2, attempt - 1));
                    if (delay > executor._options.MaxRetryDelay)
                    {
                        delay = executor._options.MaxRetryDelay;
                    }
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, Clock, cancellationToken);
                    }
                }
            }
        }

        private static JsonObject WithError(JsonObject item, string error)
        {
            var copy = (JsonObject)item.DeepClone();
            copy["error"] = error;
            return copy;
        }

        private RunRecord Record(RunStatus status, DateTimeOffset? dueAt, string? error = null, string? failedNode = null)
        {
            var now = Clock.GetUtcNow();
            var running = status == RunStatus.Running;
            return new RunRecord(
                job.Id, job.TenantId, job.Workflow.Id, job.Workflow.Version, status, job.TriggerNode, job.TriggeredBy, job.TriggerItemsJson,
                job.QueuedAt, dueAt ?? now, job.StartedAt, status is RunStatus.Succeeded or RunStatus.Failed ? now : null,
                running ? executor._worker.Id : null, running ? now + executor._options.Lease : null,
                error, failedNode, job.RetryOf, job.ConcurrencyLimit);
        }

        private async Task FlushAsync(RunStatus status, DateTimeOffset? dueAt)
        {
            var steps = _pending.ToArray();
            _pending.Clear();
            await executor._writer.WriteAsync(Record(status, dueAt), steps);
        }

        /// <summary>Ends the run as failed; a node's failure is already among the pending steps, a run-level one is in the run's error alone.</summary>
        public async Task<RunResult> FailAsync(string node, string error, VariableSet variables)
        {
            var steps = _pending.ToArray();
            _pending.Clear();
            await executor._failures.RecordAsync(job, Record(RunStatus.Failed, null, variables.Mask(error), node), steps, CancellationToken.None);
            return new RunResult(job.Id, RunStatus.Failed, [], null, error, node);
        }

        public Task ReleaseAsync()
        {
            var steps = _pending.Where(s => s.Status != StepStatus.Running).ToArray();
            _pending.Clear();
            return executor._writer.WriteAsync(Record(RunStatus.Queued, Clock.GetUtcNow()), steps);
        }
    }
}
