using FluentValidation;

namespace Hubs.EventSourcing.Enterprises;

internal sealed class RegisterEnterpriseValidator : AbstractValidator<RegisterEnterprise>
{
    public RegisterEnterpriseValidator()
    {
        RuleFor(c => c.EnterpriseId).MustBeId();
        RuleFor(c => c.Name).MustBeText(200);
        RuleFor(c => c.HeadquartersCity).MustBeText(100);
        RuleFor(c => c.HeadquartersRegionId).MustBeId();
    }
}

internal sealed class PlanBranchValidator : AbstractValidator<PlanBranch>
{
    public PlanBranchValidator()
    {
        RuleFor(c => c.EnterpriseId).MustBeId();
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.City).MustBeText(100);
        RuleFor(c => c.PlannedOn).MustBeSaneDate();
    }
}

internal sealed class OpenBranchValidator : AbstractValidator<OpenBranch>
{
    public OpenBranchValidator()
    {
        RuleFor(c => c.EnterpriseId).MustBeId();
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.City).MustBeText(100);
        RuleFor(c => c.OpenedOn).MustBeSaneDate();
    }
}

internal sealed class CloseBranchValidator : AbstractValidator<CloseBranch>
{
    public CloseBranchValidator()
    {
        RuleFor(c => c.EnterpriseId).MustBeId();
        RuleFor(c => c.City).MustBeText(100);
        RuleFor(c => c.ClosedOn).MustBeSaneDate();
    }
}

internal sealed class TransferTechnologyValidator : AbstractValidator<TransferTechnology>
{
    public TransferTechnologyValidator()
    {
        RuleFor(c => c.EnterpriseId).MustBeId();
        RuleFor(c => c.Technology).MustBeText(200);
        RuleFor(c => c.FromLab).MustBeText(200);
        RuleFor(c => c.ToPartner).MustBeText(200);
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.TransferredOn).MustBeSaneDate();
    }
}
