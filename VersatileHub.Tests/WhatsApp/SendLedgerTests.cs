using Microsoft.Extensions.DependencyInjection;
using VersatileHub.WhatsApp.Outbound;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>
/// One send per message part, ever: a claim whose gateway vanished before its first request to the provider is taken
/// again (nothing can have reached the provider), one that vanished after is interrupted and never sent again.
/// </summary>
public sealed class SendLedgerTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    private SendLedger Ledger => world.Gateway.Services.GetRequiredService<SendLedger>();

    [Fact]
    public async Task A_claim_that_lapsed_before_any_attempt_is_claimed_again()
    {
        var messageId = Random.Shared.NextInt64(1, long.MaxValue);
        Assert.IsType<SendState.Claimed>(await Ledger.ClaimAsync(world.AccountA, messageId, part: 0));
        Assert.IsType<SendState.Busy>(await Ledger.ClaimAsync(world.AccountA, messageId, part: 0));

        // The lease lives in Redis's own time (the world's send lease is 1 s).
        var again = await WhatsAppWorld.EventuallyAsync(() => Ledger.ClaimAsync(world.AccountA, messageId, part: 0), s => s is not SendState.Busy, "the lease lapsed");

        Assert.IsType<SendState.Claimed>(again);
    }

    [Fact]
    public async Task A_claim_that_lapsed_after_its_attempts_began_is_interrupted_and_never_claimed_again()
    {
        var messageId = Random.Shared.NextInt64(1, long.MaxValue);
        Assert.IsType<SendState.Claimed>(await Ledger.ClaimAsync(world.AccountA, messageId, part: 0));
        await Ledger.BeginAttemptsAsync(world.AccountA, messageId, part: 0);

        var after = await WhatsAppWorld.EventuallyAsync(() => Ledger.ClaimAsync(world.AccountA, messageId, part: 0), s => s is not SendState.Busy, "the lease lapsed");

        Assert.IsType<SendState.Interrupted>(after);
        Assert.IsType<SendState.Interrupted>(await Ledger.ClaimAsync(world.AccountA, messageId, part: 0));
    }
}
