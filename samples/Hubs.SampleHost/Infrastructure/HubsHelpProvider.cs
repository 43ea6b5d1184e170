using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>The default help, plus the storage rules and exit codes at the foot of every page.</summary>
internal sealed class HubsHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command) =>
    [
        .. base.GetFooter(model, command),
        new Text(Environment.NewLine),
        new Paragraph("Storage: --connection, else $HUBS_CONNECTION_STRING, else an embedded PostgreSQL keeping its data in " +
            StoreLocation.DefaultDataDirectory() + " (--data-dir to choose, --ephemeral for a throwaway one)."),
        new Text(Environment.NewLine),
        new Paragraph(ExitCodes.Legend),
        new Text(Environment.NewLine),
    ];
}
