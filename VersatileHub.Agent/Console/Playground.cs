using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Models;
using VersatileHub.Agent.Profiles;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Console;

/// <summary>One line of a playground conversation: what the staff member wrote, or what the agent answered.</summary>
internal sealed record PlaygroundLine(bool FromStaff, string Text);

/// <summary>What the playground shows while the agent answers, in the order it happens.</summary>
internal abstract record PlaygroundUpdate
{
    /// <summary>A piece of the answer's text, as the model streams it.</summary>
    public sealed record Token(string Text) : PlaygroundUpdate;

    /// <summary>A tool call that just ended.</summary>
    public sealed record ToolCalled(ToolCallRecord Call) : PlaygroundUpdate;
}

/// <summary>
/// The operator console's playground: staff talk to the agent with one of the tenant's profiles, its real tools and
/// instructions, outside any conversation (no customer, so customer-bound tools find nobody). The answer streams token by
/// token; each tool call is reported as it ends, and saved to the tool-call log as every turn's are; the tokens count in
/// the tenant's usage like any other turn's.
/// </summary>
internal sealed class Playground(
    AgentDbContext db, CurrentTenant tenant, AgentKernels kernels, IServiceProvider services, AgentTelemetry telemetry, TimeProvider time)
{
    public async Task<IReadOnlyList<AgentProfile>> ProfilesAsync(CancellationToken cancellationToken) =>
        await db.Set<AgentProfile>().AsNoTracking().OrderBy(p => p.Role).ToListAsync(cancellationToken);

    /// <exception cref="ModelFailureException">The model failed; nothing more will stream.</exception>
    public async IAsyncEnumerable<PlaygroundUpdate> AnswerAsync(int profileId, IReadOnlyList<PlaygroundLine> conversation,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var profile = await db.Set<AgentProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == profileId, cancellationToken)
            ?? throw new ModelFailureException(new ModelFailure("no_profile", null, "El perfil ya no existe. / The profile no longer exists."));
        var turn = new AgentTurn(tenant.RequiredId, scope: null);
        var updates = Channel.CreateUnbounded<PlaygroundUpdate>(new UnboundedChannelOptions { SingleReader = true });
        turn.ToolCalled += call => updates.Writer.TryWrite(new PlaygroundUpdate.ToolCalled(call));
        var history = new ChatHistory(profile.Instructions(time.GetUtcNow()));
        foreach (var line in conversation)
        {
            history.AddMessage(line.FromStaff ? AuthorRole.User : AuthorRole.Assistant, line.Text);
        }
        var answering = StreamAsync(profile, turn, history, updates.Writer, cancellationToken);
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken))
            {
                yield return update;
            }
            await answering;
        }
        finally
        {
            db.AddRange(turn.ToolCalls);
            // Leaving the page must not lose the record of what the tools did.
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    private async Task StreamAsync(AgentProfile profile, AgentTurn turn, ChatHistory history, ChannelWriter<PlaygroundUpdate> updates, CancellationToken cancellationToken)
    {
        try
        {
            var kernel = kernels.Create(profile, turn, services);
            var chat = kernel.GetRequiredService<IChatCompletionService>();
            long input = 0, output = 0, requests = 0;
            await foreach (var piece in chat.GetStreamingChatMessageContentsAsync(history, AgentKernels.Settings(profile), kernel, cancellationToken))
            {
                if (!string.IsNullOrEmpty(piece.Content))
                {
                    await updates.WriteAsync(new PlaygroundUpdate.Token(piece.Content), cancellationToken);
                }
                // Each model request of the turn ends with one chunk carrying its usage.
                if (piece.Metadata?.TryGetValue("Usage", out var value) == true && value is ChatTokenUsage usage)
                {
                    input += usage.InputTokenCount;
                    output += usage.OutputTokenCount;
                    requests++;
                }
            }
            if (requests > 0)
            {
                telemetry.TokensUsed(turn.TenantId, profile.Model, input, output);
                await TokenUsage.AddAsync(db, turn.TenantId, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), profile.Model, input, output, requests,
                    cancellationToken);
            }
        }
        catch (Exception exception) when (ModelFailure.Of(exception, cancellationToken) is { } failure)
        {
            throw new ModelFailureException(failure);
        }
        finally
        {
            updates.TryComplete();
        }
    }
}

/// <summary>The playground's model failed: the console shows why.</summary>
internal sealed class ModelFailureException(ModelFailure failure) : Exception(failure.Describe())
{
    public ModelFailure Failure { get; } = failure;
}
