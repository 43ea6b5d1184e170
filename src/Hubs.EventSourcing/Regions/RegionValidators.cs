using System.Linq.Expressions;
using Hubs.EventSourcing.Publications;
using FluentValidation;

namespace Hubs.EventSourcing.Regions;

internal static class RdFigureRules
{
    /// <summary>The rules every R&amp;D figure obeys, whichever command carries it (report, revision, publication, correction).</summary>
    public static void FigureRules<T>(this AbstractValidator<T> v, Expression<Func<T, string>> regionId, Expression<Func<T, int>> year,
        Expression<Func<T, decimal>> intensity, Expression<Func<T, decimal?>> expenditure, Expression<Func<T, string?>> unit)
    {
        var expenditureOf = expenditure.Compile();
        v.RuleFor(regionId).MustBeId();
        v.RuleFor(year).MustBeYear();
        v.RuleFor(intensity).MustBeIntensity();
        v.RuleFor(expenditure).MustBeExpenditure();
        v.RuleFor(expenditure).MustBeExpenditureInRange(unit.Compile());
        v.RuleFor(unit).NotEmpty().When(c => expenditureOf(c) is not null).WithErrorCode("unit-required")
            .WithMessage("expenditureUnit is required when an expenditure is given (e.g. 'CNY 100m').");
        v.RuleFor(unit).MustBeUnit();
    }
}

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
        this.FigureRules(c => c.RegionId, c => c.Year, c => c.IntensityPct, c => c.Expenditure, c => c.ExpenditureUnit);
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
        this.FigureRules(c => c.RegionId, c => c.Year, c => c.IntensityPct, c => c.Expenditure, c => c.ExpenditureUnit);
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
        this.FigureRules(c => c.RegionId, c => c.Year, c => c.IntensityPct, c => c.Expenditure, c => c.ExpenditureUnit);
        RuleFor(c => c.Reason).MustBeText();
    }
}

internal sealed class RecordRdPublicationValidator : AbstractValidator<RecordRdPublication>
{
    public RecordRdPublicationValidator()
    {
        this.FigureRules(c => c.RegionId, c => c.Year, c => c.IntensityPct, c => c.Expenditure, c => c.ExpenditureUnit);
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
