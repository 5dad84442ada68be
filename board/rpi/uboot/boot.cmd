# A/B boot selection for the wallboard: the same script on every Raspberry Pi
# (Debian's u-boot-rpi, started by the Pi firmware) and under QEMU (Debian's
# u-boot-qemu); U-Boot's bootflow scan finds it on the boot partition.
#
# State: RAUC's U-Boot protocol, BOOT_ORDER ("A B": try A first) and
# BOOT_<slot>_LEFT (tries left), kept in two copies of a U-Boot environment in
# the raw sectors before the first partition, in libubootenv's redundant
# layout (CRC32 | counter byte | name=value\0...), so Linux's fw_setenv (RAUC's
# backend) and this script read and write the same bytes. Every boot takes one
# try from the slot it boots and writes the copy it did not read, so a power
# cut during the write leaves the other copy good. RAUC's `mark-good` (after
# the health check, /usr/lib/wallboard-image/update) gives the slot its tries
# back; a slot that fails to get there boot_attempts times in a row is skipped
# and the next one in BOOT_ORDER boots.
#
# Compiled into boot.scr by board/rpi/build-image.sh (mkimage -T script).

setenv wb_env_blk0 0x800
setenv wb_env_blk1 0x880
setenv wb_env_blks 0x20
# Environment buffers in the area set aside for PXE files, above this
# script's own copy: the raw copies, then each in `env import -c`'s layout.
setexpr wb_raw0 ${pxefile_addr_r} + 0
setexpr wb_raw1 ${pxefile_addr_r} + 0x10000
setexpr wb_imp0 ${pxefile_addr_r} + 0x20000
setexpr wb_imp1 ${pxefile_addr_r} + 0x30000
setexpr wb_out ${pxefile_addr_r} + 0x40000

${devtype} dev ${devnum}

# Reads both copies, rearranges each without its counter byte (the layout
# `env import -c` checks) and checks its CRC with an import that takes no
# variable; sets wb_okN and the counter wb_fN.
for n in 0 1; do
	setenv wb_ok${n} 0; setenv wb_f${n} 0
	if test ${n} = 0; then
		setenv wb_raw ${wb_raw0}; setenv wb_imp ${wb_imp0}; setenv wb_blk ${wb_env_blk0}
	else
		setenv wb_raw ${wb_raw1}; setenv wb_imp ${wb_imp1}; setenv wb_blk ${wb_env_blk1}
	fi
	if ${devtype} read ${wb_raw} ${wb_blk} ${wb_env_blks}; then
		cp.b ${wb_raw} ${wb_imp} 4
		setexpr wb_s ${wb_raw} + 5; setexpr wb_d ${wb_imp} + 4; cp.b ${wb_s} ${wb_d} 0x3ffb
		if env import -c ${wb_imp} 0x3fff wb_nothing; then
			setenv wb_ok${n} 1; setexpr wb_s ${wb_raw} + 4; setexpr.b wb_f${n} *${wb_s}
		fi
	fi
done

# The newer copy: the higher counter, where 0 follows 0xff (libubootenv's
# "incremental" flags).
setenv wb_cur none
if test ${wb_ok0} = 1 && test ${wb_ok1} = 1; then
	setenv wb_cur 0
	if itest ${wb_f1} -gt ${wb_f0}; then setenv wb_cur 1; fi
	if itest ${wb_f0} -eq ff && itest ${wb_f1} -eq 0; then setenv wb_cur 1; fi
	if itest ${wb_f1} -eq ff && itest ${wb_f0} -eq 0; then setenv wb_cur 0; fi
elif test ${wb_ok0} = 1; then
	setenv wb_cur 0
elif test ${wb_ok1} = 1; then
	setenv wb_cur 1
fi

setenv BOOT_ORDER
setenv BOOT_A_LEFT
setenv BOOT_B_LEFT
if test ${wb_cur} = 0; then
	env import -c ${wb_imp0} 0x3fff BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
	setenv wb_flag ${wb_f0}; setenv wb_blk_write ${wb_env_blk1}
elif test ${wb_cur} = 1; then
	env import -c ${wb_imp1} 0x3fff BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
	setenv wb_flag ${wb_f1}; setenv wb_blk_write ${wb_env_blk0}
else
	# Both copies damaged (never written by this image, or a worn card): the
	# image's own slot first, and tries for both.
	echo "wallboard: no valid boot-selection state, starting from A B"
	setenv BOOT_ORDER "A B"; setenv BOOT_A_LEFT 3; setenv BOOT_B_LEFT 3
	setenv wb_flag 0; setenv wb_blk_write ${wb_env_blk0}
fi
if test "x${BOOT_ORDER}" = "x"; then setenv BOOT_ORDER "A B"; fi

setenv wb_slot
for s in ${BOOT_ORDER}; do
	if test "x${wb_slot}" = "x"; then
		if test "x${s}" = "xA" && test 0${BOOT_A_LEFT} -gt 0; then
			setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1; setenv wb_slot A; setenv wb_part 2
		elif test "x${s}" = "xB" && test 0${BOOT_B_LEFT} -gt 0; then
			setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1; setenv wb_slot B; setenv wb_part 3
		fi
	fi
done
if test "x${wb_slot}" = "x"; then
	# Every slot used up its tries: give them all new ones rather than
	# boot nothing, and start with the first in the order again.
	echo "wallboard: no slot has tries left (${BOOT_ORDER}); resetting"
	setenv BOOT_A_LEFT 3; setenv BOOT_B_LEFT 3
	for s in ${BOOT_ORDER}; do
		if test "x${wb_slot}" = "x"; then
			if test "x${s}" = "xA"; then setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1; setenv wb_slot A; setenv wb_part 2; fi
			if test "x${s}" = "xB"; then setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1; setenv wb_slot B; setenv wb_part 3; fi
		fi
	done
fi
echo "wallboard: booting slot ${wb_slot} (order ${BOOT_ORDER}, tries left A=${BOOT_A_LEFT} B=${BOOT_B_LEFT})"

# Write the new state into the other copy, counter + 1.
setexpr wb_flag ${wb_flag} + 1
if itest ${wb_flag} -eq 100; then setenv wb_flag 0; fi
env export -c -s 0x3fff ${wb_imp0} BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
cp.b ${wb_imp0} ${wb_out} 4
setexpr wb_d ${wb_out} + 4; mw.b ${wb_d} ${wb_flag}
setexpr wb_s ${wb_imp0} + 4; setexpr wb_d ${wb_out} + 5; cp.b ${wb_s} ${wb_d} 0x3ffb
${devtype} write ${wb_out} ${wb_blk_write} ${wb_env_blks}

# The slot's own kernel, initramfs and device tree, 128 MiB above the board's
# kernel_addr_r: the Pi's defaults leave 37.5 MiB for a kernel about that big,
# under this script's own copy. booti moves the kernel to the next 2 MiB.
setexpr wb_k ${kernel_addr_r} + 0x8000000
setexpr wb_fdt ${wb_k} + 0x5000000
setexpr wb_rd ${wb_k} + 0x5200000
part uuid ${devtype} ${devnum}:${wb_part} wb_partuuid
load ${devtype} ${devnum}:${wb_part} ${wb_k} /boot/vmlinuz
load ${devtype} ${devnum}:${wb_part} ${wb_rd} /boot/initrd.img
setenv wb_rdsize ${filesize}
# The Pi's U-Boot names the model's device tree (fdtfile); QEMU has none and
# passes its own (fdtcontroladdr).
setenv wb_fdt_use ${fdtcontroladdr}
if test -n "${fdtfile}"; then
	if load ${devtype} ${devnum}:${wb_part} ${wb_fdt} /boot/dtbs/${fdtfile}; then
		setenv wb_fdt_use ${wb_fdt}
	elif test -n "${fdt_addr}"; then
		setenv wb_fdt_use ${fdt_addr}
	fi
fi

# The kernel command line: bootargs.txt on the boot partition (args=, in
# U-Boot's name=value form; extra= for an admin's or a test's additions).
setenv args
setenv extra
setenv console
if load ${devtype} ${devnum}:1 ${wb_out} bootargs.txt; then
	env import -t ${wb_out} ${filesize} args extra console console_pi5
fi
if test "x${fdtfile}" = "xbroadcom/bcm2712-rpi-5-b.dtb"; then setenv console ${console_pi5}; fi
setenv bootargs "${console} ${args} root=PARTUUID=${wb_partuuid} rauc.slot=${wb_slot} ${extra}"
booti ${wb_k} ${wb_rd}:${wb_rdsize} ${wb_fdt_use}
echo "wallboard: slot ${wb_slot} did not start; resetting"
reset
