using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Profiles;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Models;

/// <summary>What the model chain answered: the text and the profile that gave it, or the failures of every profile.</summary>
public sealed record ModelAnswer(string? Text, AgentProfile? AnsweredBy, IReadOnlyList<ModelFailure> Failures, TimeSpan ModelTime)
{
    public bool Succeeded => AnsweredBy is not null;
}

/// <summary>
/// Runs a turn through the tenant's profiles: the primary, then the fallback when the primary times out, answers 5xx or
/// 429. Each profile gets the history as it was; tokens are recorded per tenant, model and day; failures are recorded too.
/// </summary>
public sealed partial class ModelChain(AgentKernels kernels, IServiceProvider services, AgentDbContext db, AgentTelemetry telemetry, TimeProvider time, ILogger<ModelChain> logger)
{
    public async Task<ModelAnswer> AnswerAsync(ProfileChain chain, IReadOnlyList<ChatMessageContent> conversation, AgentTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(turn);
        var failures = new List<ModelFailure>();
        var modelTime = TimeSpan.Zero;
        var history = new ChatHistory();
        history.AddRange(conversation);
        foreach (var profile in chain.InOrder())
        {
            // The fallback goes on from where the primary stopped, tool results included, so no tool acts twice.
            history.Insert(0, new ChatMessageContent(AuthorRole.System, profile.Instructions(time.GetUtcNow())));
            var before = history.Count;
            var kernel = kernels.Create(profile, turn, services);
            var toolTimeBefore = turn.ToolTime;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = await kernel.GetRequiredService<IChatCompletionService>()
                    .GetChatMessageContentAsync(history, AgentKernels.Settings(profile), kernel, cancellationToken);
                modelTime += Stopwatch.GetElapsedTime(started) - (turn.ToolTime - toolTimeBefore);
                await RecordUsageAsync(turn.TenantId, profile.Model, history.Skip(before).Append(answer), cancellationToken);
                return new ModelAnswer(answer.Content, profile, failures, modelTime);
            }
            catch (Exception exception) when (ModelFailure.Of(exception, cancellationToken) is { } failure)
            {
                modelTime += Stopwatch.GetElapsedTime(started) - (turn.ToolTime - toolTimeBefore);
                await RecordUsageAsync(turn.TenantId, profile.Model, history.Skip(before), cancellationToken);
                failures.Add(failure);
                telemetry.ModelFailed(profile.Model, failure.Reason);
                LogFailed(profile.Model, profile.Role.ToString(), failure.Describe());
                db.Add(ModelFailureRecord.Of(turn.TenantId, turn.Scope?.ConversationId, profile, failure, time.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
                if (!failure.WorthFallingBack)
                {
                    break;
                }
                history.RemoveAt(0);
            }
        }
        return new ModelAnswer(null, null, failures, modelTime);
    }

    private async Task RecordUsageAsync(int tenant, string model, IEnumerable<ChatMessageContent> responses, CancellationToken cancellationToken)
    {
        long input = 0, output = 0, requests = 0;
        foreach (var message in responses)
        {
            if (message.Metadata?.TryGetValue("Usage", out var value) == true && value is ChatTokenUsage usage)
            {
                input += usage.InputTokenCount;
                output += usage.OutputTokenCount;
                requests++;
            }
        }
        if (requests == 0)
        {
            return;
        }
        telemetry.TokensUsed(tenant, model, input, output);
        await TokenUsage.AddAsync(db, tenant, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), model, input, output, requests, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Model {Model} ({Role} profile) failed: {Failure}")]
    private partial void LogFailed(string model, string role, string failure);
}

/// <summary>A model request that failed, kept so the tenant's admins can see why the bot went quiet.</summary>
public sealed class ModelFailureRecord : ITenantOwned
{
    public long Id { get; private set; }

    public int TenantId { get; private set; }

    public int? ConversationId { get; private set; }

    public string Model { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public static ModelFailureRecord Of(int tenant, int? conversationId, AgentProfile profile, ModelFailure failure, DateTimeOffset at) => new()
    {
        TenantId = tenant,
        ConversationId = conversationId,
        Model = profile.Model,
        Reason = failure.Reason,
        Detail = failure.Describe(),
        At = at,
    };
}

internal sealed class ModelFailureRecordConfiguration : IEntityTypeConfiguration<ModelFailureRecord>
{
    public void Configure(EntityTypeBuilder<ModelFailureRecord> builder)
    {
        builder.ToTable("model_failures");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Model).HasMaxLength(200);
        builder.Property(f => f.Reason).HasMaxLength(32);
        builder.Property(f => f.Detail).HasMaxLength(400);
        builder.HasIndex(f => new { f.TenantId, f.At });
    }
}
