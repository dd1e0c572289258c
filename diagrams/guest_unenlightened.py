"""The I/O path of a guest without integration components, step by step.

1: an application's request reaches the driver of an emulated device, such as the legacy
network adapter or the IDE controller. 2: the driver's accesses to the device are trapped by
the hypervisor. 3: the hypervisor hands them to the virtual machine's worker process (VMWP)
in the parent's user mode, which emulates the device. 4: the VMWP passes the request to the
parent's device driver. 5: the driver works the physical device. Every request crosses from
the guest to the hypervisor to user mode in the parent and back, which is why emulated
devices are slow. Simplified: the parent's kernel components that relay the trap to the
VMWP are not drawn.
"""

from style import (component, figure, flow, hardware, hypervisor, kernel_mode, legend,
                   partition, row, stack, user_mode)

with figure("The I/O path of a guest without integration components"):
    with partition("Guest\nwithout ICs", id="guest"):
        with user_mode(id="guest-user"):
            apps = component("Applications", "application")
        with kernel_mode(id="guest-kernel"):
            emulated = component("Emulated devices:\nlegacy network adapter,\nIDE controller", "emulated-device")
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            vmwp = component("VMWP\n(device emulation)", "vmwp")
        with kernel_mode(id="parent-kernel"):
            drivers = component("Device drivers", "device-driver")
    duties = hypervisor(intercepts=True)
    devices = hardware()

    stack(
        row(apps, vmwp),
        row(emulated, drivers),
        row(duties.scheduling, duties.intercepts, duties.interrupts, duties.translation, duties.hypercalls),
        row(*devices),
    )
    legend("io_request", "trap", "hardware_access", under=devices)

    flow("io_request", apps, emulated, "1")
    flow("trap", emulated, duties.intercepts, "2")
    flow("trap", duties.intercepts, vmwp, "3")
    flow("io_request", vmwp, drivers, "4")
    flow("hardware_access", drivers, devices.storage, "5")
    flow("hardware_access", drivers, devices.network, "5")
