from django.contrib import admin

from .models import Category, InboxClaim, Order, OrderLine, Problem, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "updated_at")
    search_fields = ("code", "name")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "ean", "category", "price", "stock", "active", "updated_at")
    search_fields = ("code", "ean")
    list_select_related = ("category",)
    show_full_result_count = False


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "placed_at", "customer_name", "exported_at", "export_run")
    inlines = [OrderLineInline]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("kind", "item_code", "message_code", "first_seen_run", "last_seen_run", "resolved_in_run")
    list_filter = ("kind", "message_code")
    search_fields = ("item_code",)


@admin.register(InboxClaim)
class InboxClaimAdmin(admin.ModelAdmin):
    """The inbox's own bookkeeping (`inbox.claim`): normally empty, a row lives seconds. One left by a
    killed process is finished by the next check; deleting it by hand only lets the package be claimed again."""

    list_display = ("name", "run", "size", "modified_at", "claimed_at")
    readonly_fields = ("name", "run", "size", "modified_at", "claimed_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # only a check claims a package
