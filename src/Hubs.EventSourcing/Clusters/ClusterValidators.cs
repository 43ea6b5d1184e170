using FluentValidation;

namespace Hubs.EventSourcing.Clusters;

internal sealed class EstablishClusterValidator : AbstractValidator<EstablishCluster>
{
    public EstablishClusterValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.Name).MustBeText(100);
        RuleFor(c => c.AnchorCity).MustBeText(100);
        RuleFor(c => c.EstablishedOn).MustBeSaneDate();
    }
}

internal sealed class ExpandClusterScopeValidator : AbstractValidator<ExpandClusterScope>
{
    public ExpandClusterScopeValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.DecidedOn).MustBeSaneDate();
        RuleFor(c => c.DecidedBy).MustBeText(200);
    }
}

internal sealed class JoinClusterValidator : AbstractValidator<JoinCluster>
{
    public JoinClusterValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.JoinedOn).MustBeSaneDate();
    }
}

internal sealed class LeaveClusterValidator : AbstractValidator<LeaveCluster>
{
    public LeaveClusterValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.LeftOn).MustBeSaneDate();
    }
}

internal sealed class SetClusterTargetValidator : AbstractValidator<SetClusterTarget>
{
    public SetClusterTargetValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.Metric).IsInEnum().WithErrorCode("unknown-metric").WithMessage("metric {PropertyValue} is not a known metric.");
        RuleFor(c => c.Target).MustBeRdTarget().When(c => c.Metric == TargetMetric.RdIntensity);
        RuleFor(c => c.Target).MustBeRankTarget().When(c => c.Metric == TargetMetric.GlobalRank);
        RuleFor(c => c.Ranking).NotEmpty().When(c => c.Metric == TargetMetric.GlobalRank).WithErrorCode("ranking-required")
            .WithMessage("A rank target must name its ranking, e.g. 'WIPO GII S&T clusters'.");
        RuleFor(c => c.Ranking).Empty().When(c => c.Metric == TargetMetric.RdIntensity).WithErrorCode("ranking-not-applicable")
            .WithMessage("An R&D intensity target takes no ranking name; got '{PropertyValue}'.");
        RuleFor(c => c.DeadlineYear).MustBeDeadline();
    }
}

internal sealed class RecordGlobalRankValidator : AbstractValidator<RecordGlobalRank>
{
    public RecordGlobalRankValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.Ranking).MustBeText(100);
        RuleFor(c => c.Edition).MustBeYear();
        RuleFor(c => c.Rank).InclusiveBetween(1, 10_000).WithErrorCode("rank-out-of-range")
            .WithMessage("rank must be a whole number from 1 (best) to 10000; got {PropertyValue}.");
        RuleFor(c => c.RankedName).MustBeText(200);
        RuleFor(c => c.PublishedOn).MustBeSaneDate();
        RuleFor(c => c.Source).MustBeText();
    }
}

internal sealed class ExcludeMemberFromCompositeValidator : AbstractValidator<ExcludeMemberFromComposite>
{
    public ExcludeMemberFromCompositeValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Reason).MustBeText();
    }
}

internal sealed class ReinstateMemberInCompositeValidator : AbstractValidator<ReinstateMemberInComposite>
{
    public ReinstateMemberInCompositeValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Reason).MustBeText();
    }
}

internal sealed class AliasClusterValidator : AbstractValidator<AliasCluster>
{
    public AliasClusterValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.RankedName).MustBeText(200);
    }
}

internal sealed class UnaliasClusterValidator : AbstractValidator<UnaliasCluster>
{
    public UnaliasClusterValidator()
    {
        RuleFor(c => c.ClusterId).MustBeId();
        RuleFor(c => c.RankedName).MustBeText(200);
        RuleFor(c => c.Reason).MustBeText();
    }
}
