using Hubs.EventSourcing.Publications;
using FluentValidation;

namespace Hubs.EventSourcing.Regions;

internal sealed class RegisterRegionValidator : AbstractValidator<RegisterRegion>
{
    public RegisterRegionValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Name).MustBeText(100);
        RuleFor(c => c.Kind).IsInEnum().WithErrorCode("unknown-kind").WithMessage("kind {PropertyValue} is not a known region kind.");
    }
}

internal sealed class ReportRdIntensityValidator : AbstractValidator<ReportRdIntensity>
{
    public ReportRdIntensityValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Year).MustBeYear();
        RuleFor(c => c.IntensityPct).MustBeIntensity();
        RuleFor(c => c.Expenditure).MustBeExpenditure();
        RuleFor(c => c.Expenditure).MustBeExpenditureInRange(c => c.ExpenditureUnit);
        RuleFor(c => c.ExpenditureUnit).NotEmpty().When(c => c.Expenditure is not null).WithErrorCode("unit-required")
            .WithMessage("expenditureUnit is required when an expenditure is given (e.g. 'CNY 100m').");
        RuleFor(c => c.ExpenditureUnit).MustBeUnit();
        RuleFor(c => c.PublishedOn).MustBeSaneDate();
        RuleFor(c => c.PublishedOn).Must((c, d) => d.Year >= c.Year).WithErrorCode("published-before-year")
            .WithMessage("publishedOn {PropertyValue} is before the reference year it describes.");
        RuleFor(c => c.Source).MustBeText();
    }
}

internal sealed class ReviseRdIntensityValidator : AbstractValidator<ReviseRdIntensity>
{
    public ReviseRdIntensityValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Year).MustBeYear();
        RuleFor(c => c.IntensityPct).MustBeIntensity();
        RuleFor(c => c.Expenditure).MustBeExpenditure();
        RuleFor(c => c.Expenditure).MustBeExpenditureInRange(c => c.ExpenditureUnit);
        RuleFor(c => c.ExpenditureUnit).NotEmpty().When(c => c.Expenditure is not null).WithErrorCode("unit-required")
            .WithMessage("expenditureUnit is required when an expenditure is given (e.g. 'CNY 100m').");
        RuleFor(c => c.ExpenditureUnit).MustBeUnit();
        RuleFor(c => c.PublishedOn).MustBeSaneDate();
        RuleFor(c => c.PublishedOn).Must((c, d) => d.Year >= c.Year).WithErrorCode("published-before-year")
            .WithMessage("publishedOn {PropertyValue} is before the reference year it describes.");
        RuleFor(c => c.Source).MustBeText();
        RuleFor(c => c.Reason).MustBeText();
    }
}

internal sealed class SetRegionTargetValidator : AbstractValidator<SetRegionTarget>
{
    public SetRegionTargetValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Target).MustBeRdTarget();
        RuleFor(c => c.DeadlineYear).MustBeDeadline();
    }
}

internal sealed class RecordRegionParentValidator : AbstractValidator<RecordRegionParent>
{
    public RecordRegionParentValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.ParentRegionId).MustBeId();
        RuleFor(c => c.ParentRegionId).NotEqual(c => c.RegionId).WithErrorCode("parent-is-self")
            .WithMessage("parentRegionId '{PropertyValue}' is the region itself; a city lies in another region.");
    }
}

internal sealed class CorrectRdFigureValidator : AbstractValidator<CorrectRdFigure>
{
    public CorrectRdFigureValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Year).MustBeYear();
        RuleFor(c => c.IntensityPct).MustBeIntensity();
        RuleFor(c => c.Expenditure).MustBeExpenditure();
        RuleFor(c => c.Expenditure).MustBeExpenditureInRange(c => c.ExpenditureUnit);
        RuleFor(c => c.ExpenditureUnit).NotEmpty().When(c => c.Expenditure is not null).WithErrorCode("unit-required")
            .WithMessage("expenditureUnit is required when an expenditure is given (e.g. 'CNY 100m').");
        RuleFor(c => c.ExpenditureUnit).MustBeUnit();
        RuleFor(c => c.Reason).MustBeText();
    }
}

internal sealed class RecordRdPublicationValidator : AbstractValidator<RecordRdPublication>
{
    public RecordRdPublicationValidator()
    {
        RuleFor(c => c.RegionId).MustBeId();
        RuleFor(c => c.Year).MustBeYear();
        RuleFor(c => c.IntensityPct).MustBeIntensity();
        RuleFor(c => c.Expenditure).MustBeExpenditure();
        RuleFor(c => c.Expenditure).MustBeExpenditureInRange(c => c.ExpenditureUnit);
        RuleFor(c => c.ExpenditureUnit).NotEmpty().When(c => c.Expenditure is not null).WithErrorCode("unit-required")
            .WithMessage("expenditureUnit is required when an expenditure is given (e.g. 'CNY 100m').");
        RuleFor(c => c.ExpenditureUnit).MustBeUnit();
        RuleFor(c => c.PublicationDate).Must(d => PublicationDate.TryParse(d, out _)).WithErrorCode("unknown-publication-date")
            .WithMessage("publicationDate '{PropertyValue}' is not a publication date: write 2025-09-29, 2025-09, 2024, unknown, or unknown, known by 2025-01-01.");
        RuleFor(c => c.PublicationDate).Must((c, d) => !PublicationDate.TryParse(d, out var p) || p.KnownBy is not { } by || by.Year >= c.Year)
            .WithErrorCode("published-before-year").WithMessage("publicationDate {PropertyValue} is before the reference year it describes.");
        RuleFor(c => c.Publisher).MustBeText(200);
        RuleFor(c => c.Document).MustBeText();
        RuleFor(c => c.Quality).IsInEnum().WithErrorCode("unknown-quality")
            .WithMessage("quality {PropertyValue} is not a publication quality (official, official-table-copy, preliminary, secondary, third-party, derived, uncertain).");
    }
}
