using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Desk;

public sealed record AccountSettingsView(int HumanOverrideHours);

public sealed record AccountSettingsUpdate(int? HumanOverrideHours);

/// <summary>The account's Chat settings, defaults until someone changes them.</summary>
public sealed class AccountPreferences(ChatDbContext db)
{
    public async Task<AccountSettings> CurrentAsync(CancellationToken cancellationToken) =>
        await db.Set<AccountSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? AccountSettings.Defaults();

    public async Task<AccountSettingsView> UpdateAsync(AccountSettingsUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var settings = await db.Set<AccountSettings>().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = AccountSettings.Defaults();
            db.Add(settings);
        }
        settings.SilenceBotFor(update.HumanOverrideHours
            ?? throw new InvalidFieldException("human_override_hours", "Decí cuántas horas. / Say how many hours."));
        await db.SaveChangesAsync(cancellationToken);
        return new AccountSettingsView(settings.HumanOverrideHours);
    }
}
