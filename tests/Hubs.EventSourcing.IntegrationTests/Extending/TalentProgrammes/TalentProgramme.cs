using FluentValidation;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.IntegrationTests.Extending.TalentProgrammes;

// A fifth aggregate with a read model that feeds the cluster scorecard, written against the public API only
// (docs/extending.md): this folder and one AddModule line are all it takes — no registry in the library is edited.

/// <summary>A cluster launched a talent programme. Stored as <c>talent_programme_launched</c>.</summary>
public sealed record TalentProgrammeLaunched(string ProgrammeId, string ClusterId, string Name, DateOnly LaunchedOn);

/// <summary>A programme admitted fellows. Stored as <c>talent_fellows_admitted</c>.</summary>
public sealed record FellowsAdmitted(string ProgrammeId, int Fellows, DateOnly AdmittedOn);

/// <summary>Launch a talent programme for an established cluster.</summary>
public sealed record LaunchTalentProgramme(string ProgrammeId, string ClusterId, string Name, DateOnly LaunchedOn) : IHubsCommand;

/// <summary>Admit fellows to a launched programme.</summary>
public sealed record AdmitFellows(string ProgrammeId, int Fellows, DateOnly AdmittedOn) : IHubsCommand;

/// <summary>The aggregate's state, folded from <c>talent:{programmeId}</c>.</summary>
public sealed record TalentProgramme(string ProgrammeId, string ClusterId, int Fellows)
{
    public static TalentProgramme Create(TalentProgrammeLaunched e) => new(e.ProgrammeId, e.ClusterId, 0);
    public TalentProgramme Apply(FellowsAdmitted e) => this with { Fellows = Fellows + e.Fellows };
}

/// <summary>The read model: a document per programme (Marten stores it), folded from the same events.</summary>
public sealed class TalentProgrammeTrack
{
    public string Id { get; set; } = "";
    public string ClusterId { get; set; } = "";
    public string Name { get; set; } = "";
    public int Fellows { get; set; }

    public static TalentProgrammeTrack? Fold(TalentProgrammeTrack? doc, IEvent e) => e.Data switch
    {
        TalentProgrammeLaunched l => new TalentProgrammeTrack { Id = e.StreamKey!, ClusterId = l.ClusterId, Name = l.Name },
        FellowsAdmitted a when doc is not null => Admitted(doc, a.Fellows),
        _ => doc,
    };

    private static TalentProgrammeTrack Admitted(TalentProgrammeTrack doc, int fellows)
    {
        doc.Fellows += fellows;
        return doc;
    }
}

public sealed class LaunchTalentProgrammeValidator : AbstractValidator<LaunchTalentProgramme>
{
    public LaunchTalentProgrammeValidator()
    {
        RuleFor(c => c.ProgrammeId).Must(Keys.IsValidId).WithErrorCode("invalid-id");
        RuleFor(c => c.Name).NotEmpty().WithErrorCode("required");
    }
}

public sealed class AdmitFellowsValidator : AbstractValidator<AdmitFellows>
{
    public AdmitFellowsValidator() => RuleFor(c => c.Fellows).GreaterThan(0).WithErrorCode("not-positive");
}

public static class TalentProgrammes
{
    public static string Key(string programmeId) => Module.Key(programmeId);

    // begin-snippet: extending-read-model
    public static readonly HubsModule<TalentProgramme> Module = new HubsModule<TalentProgramme>("talent")
        .Starts<TalentProgrammeLaunched>("talent_programme_launched", e => Key(e.ProgrammeId), TalentProgramme.Create)
        .Event<FellowsAdmitted>("talent_fellows_admitted", e => Key(e.ProgrammeId), (s, e) => s.Apply(e))
        // Two streams: the programme's (written) and its cluster's (read: it must be established).
        .Command<LaunchTalentProgramme, Cluster>(c => Key(c.ProgrammeId), c => Keys.Cluster(c.ClusterId), Decide, new LaunchTalentProgrammeValidator())
        .Command<AdmitFellows>(c => Key(c.ProgrammeId), Decide, new AdmitFellowsValidator())
        // The read model: projection, rebuilds, replays and loads derive from this line; the scorecard shows its figure.
        .Track<TalentProgrammeTrack>("tracking-talent-programmes", TalentProgrammeTrack.Fold,
            doc => [new ScorecardFigure(doc.ClusterId, "talent", doc.Name + " fellows", doc.Fellows)]);
    // end-snippet

    public static (object[], object[]) Decide(LaunchTalentProgramme c, TalentProgramme? state, Cluster? cluster)
    {
        if (cluster is null)
            throw new CommandRejectedException("cluster-not-established", nameof(c.ClusterId), c.ClusterId, $"Cluster '{c.ClusterId}' is not established.");
        if (state is not null)
            throw new CommandRejectedException("programme-already-launched", nameof(c.ProgrammeId), c.ProgrammeId, $"'{c.ProgrammeId}' is launched already.");
        return ([new TalentProgrammeLaunched(c.ProgrammeId, c.ClusterId, c.Name.Trim(), c.LaunchedOn)], []);
    }

    public static object[] Decide(AdmitFellows c, TalentProgramme? state) =>
        state is null
            ? throw new CommandRejectedException("programme-not-launched", nameof(c.ProgrammeId), c.ProgrammeId, $"'{c.ProgrammeId}' is not launched.")
            : [new FellowsAdmitted(c.ProgrammeId, c.Fellows, c.AdmittedOn)];
}
